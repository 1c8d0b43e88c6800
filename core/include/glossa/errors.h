/*
 * glossa: error codes and the per-thread last error.
 *
 * Functions return 0 (or a non-negative count) on success and a negative
 * glossa_error_code on failure; glossa_error_last() then describes it in one
 * line that a program can print as it is ("file:line: reason" for input).
 */
#ifndef GLOSSA_ERRORS_H
#define GLOSSA_ERRORS_H

#include "common.h"

GLOSSA_BEGIN_DECL

typedef enum {
	GLOSSA_OK = 0,
	GLOSSA_ERROR = -1,      /* generic failure */
	GLOSSA_ENOTFOUND = -3,  /* no such entry, form or file */
	GLOSSA_EEXISTS = -4,    /* already there / conflicts with existing data */
	GLOSSA_EINVALID = -5,   /* bad argument, malformed UTF-8, bad input line */
	GLOSSA_EVERSION = -6,   /* database or options newer than this library */
	GLOSSA_EREADONLY = -7,  /* the glossary cannot be written */
	GLOSSA_ELOCKED = -8,    /* the database stayed busy past the timeout */
	GLOSSA_ITEROVER = -31   /* iteration finished; not a failure */
} glossa_error_code;

typedef enum {
	GLOSSA_ERRCLASS_NONE = 0,
	GLOSSA_ERRCLASS_NOMEMORY,
	GLOSSA_ERRCLASS_OS,
	GLOSSA_ERRCLASS_STORE,
	GLOSSA_ERRCLASS_ICU,
	GLOSSA_ERRCLASS_SPELL,
	GLOSSA_ERRCLASS_PARSE,
	GLOSSA_ERRCLASS_INVALID
} glossa_error_class;

typedef struct {
	const char *message;
	glossa_error_class klass;
} glossa_error;

/**
 * The last error raised on this thread. Never NULL; owned by the library and
 * valid until the next failing call on this thread.
 */
GLOSSA_EXTERN(const glossa_error *) glossa_error_last(void);

/** Forget the last error. */
GLOSSA_EXTERN(void) glossa_error_clear(void);

GLOSSA_END_DECL

#endif
