// Integer types, #define constants, constant expressions and enums.
#define ZERO 0
#define HEX 0x7f
#define OCT 0755
#define BIN 0b1010
#define NEG (-42)
#define SHIFTED (1 << 20)
#define MIXED ((HEX + 1) * 2 - ~0 ^ 3 | 16 & 24)
#define BIG 18446744073709551615u
#define CHARACTER 'A'
struct sized { char c; long l; };
#define SIZED sizeof(struct sized)
#define CAST ((unsigned char)300)
#define LONG_SUFFIX 123456789012LL

enum color { RED, GREEN = 5, BLUE, ALPHA = BLUE * 2 };
enum signed_enum { MINUS = -3, PLUS = 3 };
enum huge { HUGE_VALUE = 0xffffffffff };
typedef enum { FIRST = 1, SECOND } ordinal_t;
int colors[ALPHA + 1];

signed s1; unsigned u1; short int si; unsigned short int usi; long int li;
unsigned long int uli; long long int lli; unsigned long long int ulli;
signed char sc; unsigned char uc; char plain; _Bool flag; bool flag2;
float f; double d; int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32;
uint32_t u32; int64_t i64; uint64_t u64; size_t sz; ssize_t ssz; intptr_t ip;
uintptr_t uip; ptrdiff_t pd; long unsigned int reordered;
