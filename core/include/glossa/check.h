/*
 * glossa: the pre-publication check of a draft.
 *
 * A glossa_checker is the glossary compiled once (the name matcher of
 * fix.h, a spelling dictionary generated from the house forms and the
 * variants, the keys that near-miss looks names up by) plus a Hunspell
 * dictionary for the draft's language. glossa_check_text() runs the rules
 * over one draft and returns a glossa_report: findings with byte spans
 * into the draft, line and column in characters, a message and, where
 * there is one, what to write instead. glossa_report_format() writes
 * reports for people (text), for programs (JSON) and for code-scanning
 * services (SARIF 2.1.0).
 */
#ifndef GLOSSA_CHECK_H
#define GLOSSA_CHECK_H

#include "common.h"
#include "doc.h"
#include "store.h"
#include "fix.h"
#include "rules.h"

GLOSSA_BEGIN_DECL

/* Flags for glossa_checker_options. */
#define GLOSSA_CHECK_QUOTES_EXEMPT (1u << 0)  /* no `variant` in quotes */

/*
 * Options of glossa_checker_new(). Start from GLOSSA_CHECKER_OPTIONS_INIT
 * or glossa_checker_options_init(). Each field says in which version of
 * the struct it appeared; the library reads any version from 1 to
 * GLOSSA_CHECKER_OPTIONS_VERSION, and a field a caller's version does not
 * have takes its default. Versions 1 and 2 held a `glossa_severity
 * severity[7]` (version 1) or `[8]` (version 2) array between `flags` and
 * `accept`; the library still reads those arrays from such callers.
 */
typedef struct {
	unsigned int version;     /* 1: GLOSSA_CHECKER_OPTIONS_VERSION */
	const char *lang;         /* 1: Hunspell dictionary: NULL is "en_US";
	                           * "en_GB", "ru_RU", "ar", ... */
	const char *dict_path;    /* 1: folders to look in, ':'-separated;
	                           * NULL: $DICPATH, then the system folders */
	unsigned flags;           /* 1: GLOSSA_CHECK_* */
	const char *const *accept;/* 1: words never reported (as written) */
	size_t naccept;           /* 1 */
	glossa_rule_settings *rules; /* 3: the severity of each rule; NULL:
	                           * every rule at its default. Borrowed
	                           * (see glossa_rule_settings); read only by
	                           * glossa_checker_new(), filled in by
	                           * glossa_check_config_apply(). */
} glossa_checker_options;

#define GLOSSA_CHECKER_OPTIONS_VERSION 3
#define GLOSSA_CHECKER_OPTIONS_INIT { GLOSSA_CHECKER_OPTIONS_VERSION, \
	NULL, NULL, 0, NULL, 0, NULL }

/**
 * Initialise options of `version` (1 to GLOSSA_CHECKER_OPTIONS_VERSION)
 * to the defaults, as GLOSSA_CHECKER_OPTIONS_INIT does for the current
 * version; only the fields that version has are written.
 * @return 0, or GLOSSA_EVERSION (with an error) for a version this
 *         library does not know (0, or newer than the library).
 */
GLOSSA_EXTERN(int) glossa_checker_options_init(glossa_checker_options *opts,
	unsigned int version);

typedef struct glossa_checker glossa_checker;

/**
 * Compile a glossary and open the dictionary. A checker caches what it
 * learns about each distinct word across drafts (and starts afresh
 * before a draft once it knows a million); use it from one thread
 * at a time (one checker per thread). A dictionary that is not
 * installed is GLOSSA_ENOTFOUND with a message naming it, where it was
 * looked for and the package that provides it.
 * @param[out] out receives the checker; release with glossa_checker_free().
 * @param opts NULL for the defaults.
 */
GLOSSA_EXTERN(int) glossa_checker_new(glossa_checker **out,
	const glossa_doc *glossary, const glossa_checker_options *opts);

/** The same, from the whole glossary in a store. */
GLOSSA_EXTERN(int) glossa_checker_new_from_store(glossa_checker **out,
	glossa_store *store, const glossa_checker_options *opts);

/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_checker_free(glossa_checker *c);

/** One finding. Strings are owned by the report. */
typedef struct {
	glossa_rule rule;
	glossa_severity severity;    /* INFO, WARNING or ERROR */
	size_t start, end;           /* byte span in the draft */
	size_t char_start, char_end; /* the same span in code points */
	unsigned line, column;       /* 1-based; column in code points */
	unsigned end_line, end_column; /* the position just after the span */
	const char *text;            /* the span as written */
	const char *message;         /* one line, no trailing period */
	const char *const *suggestions; /* best first; may be empty */
	size_t nsuggestions;
	const char *entry;           /* the glossary entry key, or NULL */
} glossa_finding;

typedef struct glossa_report glossa_report;

/**
 * Check one draft. The text must be valid UTF-8 without NUL bytes; else
 * GLOSSA_EINVALID with "source:line: invalid UTF-8 at byte N".
 * Markdown: code spans, code blocks, raw HTML and link targets are not
 * checked; in both formats, URLs and e-mail addresses are skipped and
 * "<!-- glossa-disable... -->" comments turn rules off (see glossa(1)).
 * @param[out] out receives the report; release with glossa_report_free().
 * @param source names the draft in findings and messages, or NULL.
 * @return the number of findings (>= 0) or a negative error code.
 */
GLOSSA_EXTERN(int) glossa_check_text(glossa_report **out, glossa_checker *c,
	const char *text, size_t len, glossa_text_format format,
	const char *source);

/** The findings in text order; owned by the report. */
GLOSSA_EXTERN(const glossa_finding *) glossa_report_findings(
	const glossa_report *r, size_t *n);
/** How many findings are at or above `sev` (INFO, WARNING or ERROR). */
GLOSSA_EXTERN(size_t) glossa_report_count(const glossa_report *r,
	glossa_severity sev);
/** The source name given to glossa_check_text(); "" for none. */
GLOSSA_EXTERN(const char *) glossa_report_source(const glossa_report *r);
/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_report_free(glossa_report *r);

typedef enum {
	GLOSSA_REPORT_TEXT = 0,  /* file:line:col: severity: message [rule] */
	GLOSSA_REPORT_JSON,      /* one document for all reports */
	GLOSSA_REPORT_SARIF      /* SARIF 2.1.0, one run */
} glossa_report_format_kind;

/** "text", "json", "sarif": 0 or GLOSSA_EINVALID (no error set). */
GLOSSA_EXTERN(int) glossa_report_format_parse(
	glossa_report_format_kind *out, const char *name);

#define GLOSSA_REPORT_COLOR   (1u << 0)  /* text: ANSI colours */
#define GLOSSA_REPORT_SUMMARY (1u << 1)  /* text: a summary line */

/**
 * Append `n` reports (one per draft) to `out` in the chosen format.
 * @return 0 or a negative error code.
 */
GLOSSA_EXTERN(int) glossa_report_format(glossa_buf *out,
	const glossa_report *const *reports, size_t n,
	glossa_report_format_kind kind, unsigned flags);

/*
 * The same, streamed: reports are written one by one as they come, in
 * pieces of about 64K through `write` (which returns 0, or non-zero on
 * failure), so that no whole report need be kept.
 */
typedef int (*glossa_write_fn)(const char *data, size_t len, void *payload);
typedef struct glossa_report_writer glossa_report_writer;

/** @param[out] out receives the writer; glossa_report_writer_free(). */
GLOSSA_EXTERN(int) glossa_report_writer_new(glossa_report_writer **out,
	glossa_report_format_kind kind, unsigned flags, glossa_write_fn write,
	void *payload);
/** Write one draft's findings. */
GLOSSA_EXTERN(int) glossa_report_writer_add(glossa_report_writer *w,
	const glossa_report *r);
/**
 * Name a settings file the run used: the report lists them (a "settings:"
 * line after the text summary, "settings" in JSON, the run's properties
 * in SARIF), each once, in the order given. Call before _finish().
 */
GLOSSA_EXTERN(int) glossa_report_writer_settings(glossa_report_writer *w,
	const char *path);
/** Write the end (the summary, closing brackets) and flush. */
GLOSSA_EXTERN(int) glossa_report_writer_finish(glossa_report_writer *w);
/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_report_writer_free(glossa_report_writer *w);

/*
 * Configuration: a `.glossa.ini` in the draft's folder or the nearest one
 * above it.
 *
 *   [glossa]
 *   glossary = names.db         ; relative to the file's folder
 *   language = en_GB
 *   quotes = exempt             ; no `variant` findings in quoted speech
 *   [rules]
 *   spelling = error            ; off, on, info, warning, error
 *   first-reference = on
 *   [accept]
 *   words = Brexit, Zelenskyy   ; and/or one `word = X` per line
 */
typedef struct {
	char *path;          /* the file that was read */
	char *glossary;      /* absolute or relative to the cwd; NULL: unset */
	char *lang;          /* NULL: unset */
	int quotes_exempt;   /* -1 unset, 0 no, 1 yes */
	glossa_rule_settings *rules;  /* [rules]: DEFAULT where unset; owned
	                               * by the configuration (never NULL) */
	char **accept;
	size_t naccept;
	unsigned *lines;     /* private: glossa_check_config_line() */
} glossa_check_config;

/**
 * Whether a settings file may be believed (it can turn every rule off):
 * owned by the current user or root, not writable by others, and not by
 * its group unless that group is the owner's own (primary, no other
 * member).
 * @param[out] why the reason when it may not ("writable by anyone
 *             (mode 0666)")
 * @return 0 trusted, 1 not trusted, or GLOSSA_ENOTFOUND / GLOSSA_ERROR
 *         (with an error) when the file cannot be examined.
 */
GLOSSA_EXTERN(int) glossa_check_config_trusted(glossa_buf *why,
	const char *path);

/** Told of a settings file that was skipped, and why. */
typedef void (*glossa_check_config_ignored_fn)(const char *path,
	const char *why, void *payload);

/**
 * Find the configuration for a draft: `.glossa.ini` in the folder of
 * `draft_path` (the current folder for NULL or "-") or the nearest one
 * above that can be trusted (glossa_check_config_trusted()); one that
 * cannot is passed to `ignored` (may be NULL) and the search goes on
 * above it. @return 0 with the path in `out`, or GLOSSA_ENOTFOUND (no
 * error is set).
 */
GLOSSA_EXTERN(int) glossa_check_config_find_trusted(glossa_buf *out,
	const char *draft_path, glossa_check_config_ignored_fn ignored,
	void *payload);

/** glossa_check_config_find_trusted() without being told what it skips. */
GLOSSA_EXTERN(int) glossa_check_config_find(glossa_buf *out,
	const char *draft_path);

/**
 * Read a configuration file. Errors name "file:line: reason"
 * (GLOSSA_EINVALID) or the file (GLOSSA_ENOTFOUND, GLOSSA_ERROR); a file
 * that cannot be trusted (glossa_check_config_trusted(), checked on the
 * file as opened) is refused with GLOSSA_EINVALID.
 * @param[out] out receives it; release with glossa_check_config_free().
 */
GLOSSA_EXTERN(int) glossa_check_config_load(glossa_check_config **out,
	const char *path);

/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_check_config_free(glossa_check_config *cfg);

/**
 * The line of the file that set `setting`: "glossary", "language",
 * "quotes", "accept" (its first line) or a rule's name; 0 when the file
 * does not set it.
 */
GLOSSA_EXTERN(unsigned) glossa_check_config_line(
	const glossa_check_config *cfg, const char *setting);

/**
 * Fill options from a configuration where the options leave a value
 * unset (lang NULL, a rule DEFAULT); accepted words are the
 * configuration's (the strings stay owned by `cfg`). Rule settings: when
 * opts->rules is NULL it is pointed at the configuration's (owned by
 * `cfg`, valid until glossa_check_config_free()); otherwise the rules it
 * leaves DEFAULT are set in it from the configuration. Options of any
 * version up to GLOSSA_CHECKER_OPTIONS_VERSION are accepted.
 * @return 0, or GLOSSA_EVERSION (with an error) for an unknown version.
 */
GLOSSA_EXTERN(int) glossa_check_config_apply(glossa_checker_options *opts,
	const glossa_check_config *cfg);

GLOSSA_END_DECL

#endif
