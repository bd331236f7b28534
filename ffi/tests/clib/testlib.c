/* A small C library the integration tests build with `cc` and call through tern-ffi.
   Each function exercises one calling-convention or layout case. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>

struct point { int x, y; };
struct vec3 { double x, y, z; };               /* 24 bytes: passed in memory on x86-64 */
struct pair_f { float a, b; };                 /* one SSE eightbyte / an HFA */
struct mixed { char tag; double value; short s; };
struct rect { struct point min, max; };        /* nested */
struct with_array { int len; int items[4]; };  /* array member */
struct big { int64_t a[10]; };                 /* large by value */
struct bytes3 { char c[3]; };                  /* odd size */
union number { int i; float f; };              /* INTEGER class */
union wide { double d; int64_t i; };           /* INTEGER class */
union floaty { float f[2]; double d; };        /* all-float: SSE */
struct tagged { int kind; union { int i; double d; }; };  /* anonymous union member */
struct list_node { int value; struct list_node *next; };
struct flex { int count; int data[]; };

/* Homogeneous floating-point aggregates (AAPCS64) and their limits. */
struct quad_f { float v[4]; };                 /* HFA of 4: s0-s3 / two SSE eightbytes */
struct hfa_nested { struct pair_f lo; float hi[2]; };  /* nested HFA of 4 floats */
struct five_d { double v[5]; };                /* 5 doubles: no HFA, by reference */
struct dq { double d; float f; };              /* mixed float widths: not an HFA */
union hfa_u { float a; float b[3]; };          /* union HFA of 3 floats */
union hfa_mixed { float f[2]; double d; };     /* mixed widths: integer registers */

int counter = 42;
const char *greeting = "hello from C";
int numbers[5] = {1, 2, 3, 4, 5};

int add_ints(int a, int b) { return a + b; }
int8_t narrow_neg(int8_t a) { return (int8_t)(-a); }
uint8_t wrap_u8(uint8_t a) { return (uint8_t)(a + 1); }
int64_t mul_i64(int64_t a, int64_t b) { return a * b; }
uint64_t max_u64(void) { return UINT64_MAX; }
_Bool is_even(int v) { return v % 2 == 0; }
float halve_f(float x) { return x / 2.0f; }
double mix_args(int a, double x, long b, double y, signed char c) {
    return a * 1000.0 + x * 100.0 + b * 10.0 + y + c * 0.5;
}
double sum7(double a, double b, double c, double d, double e, double f, double g) {
    return a + b + c + d + e + f + g;
}
long sum8_long(long a, long b, long c, long d, long e, long f, long g, long h) {
    return a + b + 2 * c + 3 * d + 4 * e + 5 * f + 6 * g + 7 * h;
}

struct point make_point(int x, int y) { struct point p = {x, y}; return p; }
int point_sum(struct point p) { return p.x + p.y; }
struct point point_swap(struct point p) { struct point q = {p.y, p.x}; return q; }
struct vec3 vec3_scale(struct vec3 v, double k) { struct vec3 r = {v.x * k, v.y * k, v.z * k}; return r; }
double vec3_dot(struct vec3 a, struct vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
struct pair_f pair_f_swap(struct pair_f p) { struct pair_f q = {p.b, p.a}; return q; }
double mixed_total(struct mixed m) { return m.tag + m.value + m.s; }
struct mixed mixed_make(char tag, double value, short s) { struct mixed m = {tag, value, s}; return m; }
int rect_area(struct rect r) { return (r.max.x - r.min.x) * (r.max.y - r.min.y); }
struct rect rect_grow(struct rect r, int by) {
    r.min.x -= by; r.min.y -= by; r.max.x += by; r.max.y += by; return r;
}
int with_array_sum(struct with_array w) {
    int s = 0;
    for (int i = 0; i < w.len && i < 4; i++) s += w.items[i];
    return s;
}
struct big big_fill(int64_t start) {
    struct big b;
    for (int i = 0; i < 10; i++) b.a[i] = start + i;
    return b;
}
int64_t big_sum(struct big b) {
    int64_t s = 0;
    for (int i = 0; i < 10; i++) s += b.a[i];
    return s;
}
struct bytes3 bytes3_rot(struct bytes3 b) { struct bytes3 r = {{b.c[1], b.c[2], b.c[0]}}; return r; }
int number_as_int(union number n) { return n.i; }
union number number_from_float(float f) { union number n; n.f = f; return n; }
int64_t wide_bits(union wide w) { return w.i; }
union wide wide_from_double(double d) { union wide w; w.d = d; return w; }
double floaty_sum(union floaty u) { return (double)u.f[0] + (double)u.f[1]; }
union floaty floaty_make(float a, float b) { union floaty u; u.f[0] = a; u.f[1] = b; return u; }
double tagged_value(struct tagged t) { return t.kind == 0 ? (double)t.i : t.d; }

void point_translate(struct point *p, int dx, int dy) { p->x += dx; p->y += dy; }
int sum_array(const int *items, size_t n) {
    int s = 0;
    for (size_t i = 0; i < n; i++) s += items[i];
    return s;
}
void fill_squares(int *out, size_t n) { for (size_t i = 0; i < n; i++) out[i] = (int)(i * i); }
size_t copy_string(char *dst, size_t cap, const char *src) {
    size_t n = strlen(src); if (n >= cap) n = cap - 1; memcpy(dst, src, n); dst[n] = 0; return n;
}
int list_sum(const struct list_node *n) {
    int s = 0;
    for (; n; n = n->next) s += n->value;
    return s;
}
int flex_sum(const struct flex *f) {
    int s = 0;
    for (int i = 0; i < f->count; i++) s += f->data[i];
    return s;
}
const char *get_greeting(void) { return greeting; }
int *get_numbers(void) { return numbers; }
void *null_pointer(void) { return NULL; }
int set_errno_to(int value) { errno = value; return -1; }
int read_errno(void) { return errno; }

/* Callbacks. */
typedef int (*binop)(int, int);
typedef double (*unary_d)(double);
int apply_binop(binop f, int a, int b) { return f(a, b); }
int fold(binop f, const int *items, size_t n, int init) {
    for (size_t i = 0; i < n; i++) init = f(init, items[i]);
    return init;
}
double integrate(unary_d f, double lo, double hi, int steps) {
    double h = (hi - lo) / steps, s = 0;
    for (int i = 0; i < steps; i++) s += f(lo + (i + 0.5) * h) * h;
    return s;
}
int call_with_point(int (*f)(struct point), int x, int y) { struct point p = {x, y}; return f(p); }
struct point call_point_maker(struct point (*f)(int), int v) { return f(v); }
int8_t call_narrow(int8_t (*f)(int8_t), int8_t v) { return f(v); }
float call_float(float (*f)(float, double), float a, double b) { return f(a, b); }
int callback_then_errno(int (*f)(void)) { errno = 0; return f() + errno * 1000; }
binop pick_binop(int which);
static int plus(int a, int b) { return a + b; }
static int minus(int a, int b) { return a - b; }
binop pick_binop(int which) { return which ? minus : plus; }

/* Variadic. */
long sum_varargs(int count, ...) {
    va_list ap; va_start(ap, count); long s = 0;
    for (int i = 0; i < count; i++) s += va_arg(ap, long);
    va_end(ap); return s;
}
double avg_doubles(int count, ...) {
    va_list ap; va_start(ap, count); double s = 0;
    for (int i = 0; i < count; i++) s += va_arg(ap, double);
    va_end(ap); return count ? s / count : 0;
}
int sum_promoted(int count, ...) {   /* chars and shorts arrive as int */
    va_list ap; va_start(ap, count); int s = 0;
    for (int i = 0; i < count; i++) s += va_arg(ap, int);
    va_end(ap); return s;
}
int point_varargs(int count, ...) {
    va_list ap; va_start(ap, count); int s = 0;
    for (int i = 0; i < count; i++) { struct point p = va_arg(ap, struct point); s += p.x * p.y; }
    va_end(ap); return s;
}

/* Runs a callback on a new thread (to check that callbacks refuse foreign threads). */
struct thread_call { int (*f)(int); int arg; int result; };
static void *thread_main(void *p) {
    struct thread_call *call = p;
    call->result = call->f(call->arg);
    return NULL;
}
int call_in_thread(int (*f)(int), int arg) {
    struct thread_call call = {f, arg, -1};
    pthread_t thread;
    if (pthread_create(&thread, NULL, thread_main, &call) != 0) return -2;
    pthread_join(thread, NULL);
    return call.result;
}

/* Bit-fields, in memory and by value. */
struct packed_flags { unsigned a : 3; int b : 7; char c; long long wide : 40; };
long long packed_flags_sum(struct packed_flags f) { return f.a + f.b + f.c + f.wide; }
struct packed_flags packed_flags_make(int a, int b, char c, long long wide) {
    struct packed_flags f;
    memset(&f, 0, sizeof f);
    f.a = a; f.b = b; f.c = c; f.wide = wide;
    return f;
}
void packed_flags_negate(struct packed_flags *f) { f->b = -f->b; f->wide = -f->wide; }

struct quad_f quad_f_rev(struct quad_f q) {
    struct quad_f r = {{q.v[3], q.v[2], q.v[1], q.v[0]}}; return r;
}
float hfa_nested_sum(struct hfa_nested h) { return h.lo.a + 2 * h.lo.b + 4 * h.hi[0] + 8 * h.hi[1]; }
struct hfa_nested hfa_nested_make(float a) {
    struct hfa_nested h = {{a, a + 1}, {a + 2, a + 3}}; return h;
}
double five_d_sum(struct five_d f) {
    double s = 0; for (int i = 0; i < 5; i++) s += f.v[i] * (i + 1); return s;
}
struct five_d five_d_iota(double start) {
    struct five_d f; for (int i = 0; i < 5; i++) f.v[i] = start + i; return f;
}
double dq_sum(struct dq v) { return v.d * 2 + v.f; }
struct dq dq_make(double d, float f) { struct dq v = {d, f}; return v; }
float hfa_u_sum(union hfa_u u) { return u.b[0] + 10 * u.b[1] + 100 * u.b[2]; }
union hfa_u hfa_u_make(float a, float b, float c) {
    union hfa_u u; u.b[0] = a; u.b[1] = b; u.b[2] = c; return u;
}
double hfa_mixed_sum(union hfa_mixed u, double k) { return (u.f[0] + u.f[1]) * k; }
/* 3 x 3 doubles on AAPCS64: the third HFA no longer fits in v6-v7, so it goes to the
   stack whole and the register count jumps to 8: the trailing double goes to the stack
   too (no back-filling). On x86-64 the vec3s are in memory and `d` in xmm0. */
double hfa_spill(struct vec3 a, struct vec3 b, struct vec3 c, double d) {
    return a.x + 2 * b.y + 4 * c.z + 8 * d;
}
float call_quad(float (*f)(struct quad_f, float), float base) {
    struct quad_f q = {{base, base * 2, base * 3, base * 4}}; return f(q, 0.5f);
}
struct hfa_nested call_nested_maker(struct hfa_nested (*f)(float), float a) { return f(a); }
double quad_varargs(int count, ...) {
    va_list ap; va_start(ap, count); double s = 0;
    for (int i = 0; i < count; i++) {
        struct quad_f q = va_arg(ap, struct quad_f); s += q.v[0] + q.v[1] + q.v[2] + q.v[3];
    }
    va_end(ap); return s;
}
void bump_counter(int by) { counter += by; }
