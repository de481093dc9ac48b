// The C library's allocator settings (mallopt), which Glibc's Swift module leaves out.
#if defined(__linux__)
#include <malloc.h>
#endif
