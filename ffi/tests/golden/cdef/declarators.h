// Declarators read inside-out, every kind of function pointer, qualifiers.
int *array_of_pointers[3];
int (*pointer_to_array)[3];
int matrix[2][3][4];
int (*binary)(int, int);
void (*signal(int sig, void (*handler)(int)))(int);
char *(*(*bizarre)[5])(const char *restrict, ...);
const volatile unsigned long long *const cv_pointer;
typedef int (*comparator)(const void *, const void *);
void sort(void *base, size_t n, size_t size, comparator cmp);
int takes_array(int values[10], char names[][8]);
int takes_function(int callback(int));
void no_params();
void void_params(void);
int printf(const char *format, ...);
extern double global_value;
