/* Structs and unions: nesting, anonymous members, flexible arrays, self-reference,
   forward declarations completed later, typedef'd anonymous records. */
struct forward;
struct user { struct forward *f; };
struct forward { int a; char b; };

struct node { int value; struct node *next; };
struct outer {
    char tag;
    struct inner { short s; double d; } inner;
    union { int as_int; float as_float; };
    struct { char x, y; } pair;
    int trailing[];
};
union variant { long l; char bytes[9]; struct node n; };
typedef struct { int x, y; } point_t;
typedef struct named { point_t corners[2]; } box_t;
typedef union { double d; unsigned long u; } bits_t;
struct flags {
    unsigned ready : 1, busy : 1;
    int : 0;
    signed char level : 3;
    long long wide : 40, rest : 24;
    _Bool on : 1;
    enum mode { MODE_A, MODE_B } mode : 2;
};
union flag_union { unsigned bits : 3; char c; };
