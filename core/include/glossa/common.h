/*
 * glossa: common definitions shared by every public header.
 */
#ifndef GLOSSA_COMMON_H
#define GLOSSA_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
# define GLOSSA_BEGIN_DECL extern "C" {
# define GLOSSA_END_DECL }
#else
# define GLOSSA_BEGIN_DECL
# define GLOSSA_END_DECL
#endif

#if defined(__GNUC__)
# define GLOSSA_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
# define GLOSSA_EXTERN(type) extern type
#endif

GLOSSA_BEGIN_DECL

/**
 * A growable byte buffer that the library fills and the caller owns.
 * Start with GLOSSA_BUF_INIT; release with glossa_buf_dispose().
 * `ptr` is always NUL-terminated once anything was written.
 */
typedef struct {
	char *ptr;
	size_t size;   /* bytes used, not counting the terminating NUL */
	size_t asize;  /* bytes allocated */
} glossa_buf;

#define GLOSSA_BUF_INIT { NULL, 0, 0 }

/** Release the buffer's memory and reset it to empty. NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_buf_dispose(glossa_buf *buf);

/** Append `len` bytes. @return 0 or GLOSSA_ERROR (out of memory). */
GLOSSA_EXTERN(int) glossa_buf_put(glossa_buf *buf, const char *data, size_t len);

/** Append a NUL-terminated string. @return 0 or GLOSSA_ERROR. */
GLOSSA_EXTERN(int) glossa_buf_puts(glossa_buf *buf, const char *str);

/** Append formatted text. @return 0 or GLOSSA_ERROR. */
GLOSSA_EXTERN(int) glossa_buf_printf(glossa_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/**
 * Make room for `extra` more bytes (and the NUL) without writing them:
 * for a caller that reads straight into ptr + size, then adds to size.
 * @return 0 or GLOSSA_ERROR (out of memory).
 */
GLOSSA_EXTERN(int) glossa_buf_grow(glossa_buf *buf, size_t extra);

/** Forget the contents but keep the allocation. */
GLOSSA_EXTERN(void) glossa_buf_clear(glossa_buf *buf);

GLOSSA_END_DECL

#endif
