/* Layout corpus: every declaration here is parsed by tern-ffi and compiled by the C
   compiler; tests/layout_cc.rs compares sizeof/_Alignof/offsetof for all of them. */
#define SMALL 3
#define TWICE (SMALL * 2)

typedef unsigned char u8;
typedef long long i64_alias;

struct scalars {
    char c; signed char sc; unsigned char uc;
    short s; unsigned short us;
    int i; unsigned int ui; unsigned u;
    long l; unsigned long ul;
    long long ll; unsigned long long ull;
    float f; double d;
    _Bool b; bool b2;
    void *p; const char *str;
};

struct fixed_width {
    int8_t a; uint8_t b; int16_t c; uint16_t d;
    int32_t e; uint32_t f; int64_t g; uint64_t h;
    size_t sz; ssize_t ssz; intptr_t ip; uintptr_t uip; ptrdiff_t pd;
};

struct padding1 { char a; double b; char c; };
struct padding2 { char a; short b; char c; int d; char e; };
struct padding3 { double d; char c; };
struct tiny { char a; };
struct two_chars { char a, b; };
struct shorts3 { short a[3]; };

struct arrays {
    char name[SMALL];
    int grid[2][TWICE];
    double weights[4];
    struct tiny tinies[5];
    u8 bytes[7];
};

struct nested_inner { char tag; int value; };
struct nested_outer {
    char before;
    struct nested_inner inner;
    struct nested_inner pair[2];
    short after;
};

struct with_anonymous {
    int kind;
    union {
        int as_int;
        double as_double;
        struct { short lo, hi; };
    };
    char trailer;
};

union mixed_union { char c; int i; double d; char text[13]; };
union small_union { short s; char c[3]; };
union nested_union { struct nested_inner inner; long long wide; };

struct function_pointers {
    int (*compare)(const void *, const void *);
    void (*callbacks[3])(int);
    double (*(*factory)(int))(double);
};

struct self_ref { int value; struct self_ref *next; struct self_ref *children[2]; };

struct flexible { short count; long items[]; };
struct flexible_chars { int n; char text[]; };
struct zero_len { int n; int none[0]; };

typedef struct { int x, y; } anon_point;
typedef struct named_tag { anon_point corner; float scale; } named_typedef;

enum small_enum { SMALL_A, SMALL_B, SMALL_C = 10 };
enum negative_enum { NEG_A = -1, NEG_B = 2 };
enum big_enum { BIG_A = 0, BIG_B = 0x100000000 };
enum big_negative_enum { BIGNEG_A = -5, BIGNEG_B = 0x7fffffffffffffff };
enum unsigned_enum { UNS_A = 0xffffffff };

struct with_enums { char c; enum small_enum e; enum big_enum big; enum negative_enum n; };

struct everything {
    struct scalars s;
    union mixed_union u;
    struct with_anonymous a;
    anon_point points[3];
    named_typedef nt;
    char tail;
};

int add(int a, int b);
int printf(const char *fmt, ...);

/* Bit-fields (tests/layout_cc.rs also checks their bit positions by writing them). */
struct bits_basic { unsigned a : 1, b : 2, c : 5; unsigned char after; };
struct bits_cross { char c; int x : 20; int y : 20; short tail; };
struct bits_zero { char a : 3; int : 0; char b : 3; long : 0; char c; };
struct bits_unnamed { char lead; int : 12; short s : 5; };
struct bits_only_unnamed { int : 5; };
struct bits_wide { long long low : 33, high : 31; long long next : 63; int i : 1; };
struct bits_signed { signed char sc : 7; short sh : 9; int in : 17; long lo : 33; };
struct bits_mixed_types { char c : 4; short s : 4; int i : 4; long long l : 4; _Bool b : 1; };
struct bits_enum { enum small_enum e : 4; enum negative_enum n : 3; unsigned u : 25; };
struct bits_after_double { double d; unsigned flag : 1; float f; };
struct bits_nested { char head; struct bits_basic inner; int tail : 7; };
union bits_union { unsigned a : 3; int b : 17; char c; };
struct bits_anonymous { int kind : 4; union { int i : 9; unsigned u : 12; }; char end; };
