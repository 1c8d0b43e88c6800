/*
 * glossa: glossary entries and forms in memory, and the exchange formats.
 *
 * A glossa_doc is a plain list of entries, each with its forms. It is what
 * the importers produce and the exporters consume, and what the store hands
 * out and takes in: every format goes through the same validation.
 */
#ifndef GLOSSA_DOC_H
#define GLOSSA_DOC_H

#include "common.h"

GLOSSA_BEGIN_DECL

typedef enum {
	GLOSSA_KIND_PERSON = 0,
	GLOSSA_KIND_PLACE,
	GLOSSA_KIND_ORG,
	GLOSSA_KIND_TERM,
	GLOSSA_KIND_GIVEN   /* a given name in the transliteration lexicon:
	                     * used by translit, never matched in copy */
} glossa_kind;

typedef enum {
	GLOSSA_STATUS_APPROVED = 0,
	GLOSSA_STATUS_PROPOSED,
	GLOSSA_STATUS_DEPRECATED
} glossa_status;

/* The order of this enum is the order forms are written in on export. */
typedef enum {
	GLOSSA_FORM_HOUSE = 0,  /* the full house form: "Bashar Assad" */
	GLOSSA_FORM_SHORT,      /* short house form for later references: "Assad" */
	GLOSSA_FORM_ALTERNATE,  /* accepted, but counts for consistency */
	GLOSSA_FORM_VARIANT,    /* another spelling; becomes the house/short form */
	GLOSSA_FORM_NATIVE,     /* the name in its own script; becomes house/short */
	GLOSSA_FORM_ALONE,      /* a one-word variant that names the entry on its
	                         * own, where the piece does not name it in
	                         * full ("Zelensky"); becomes house/short */
	GLOSSA_FORM_EXCEPTION   /* a phrase in which the entry's forms are not
	                         * the entry ("chicken Kiev"): never matched */
} glossa_form_type;

/** Does a form of this type become another (variant, alone, native)? */
#define GLOSSA_FORM_IS_SPELLING(t) ((t) == GLOSSA_FORM_VARIANT || \
	(t) == GLOSSA_FORM_ALONE || (t) == GLOSSA_FORM_NATIVE)

typedef struct {
	glossa_form_type type;
	char *text;     /* UTF-8, NFC */
	char *script;   /* ISO 15924: "Latn", "Cyrl", "Arab" */
	char *lang;     /* BCP 47: "en", "ru", "ar" */
	char *becomes;  /* variant/native: the house or short text; else "" */
	char *note;     /* "" when none */
	unsigned line;  /* source line when parsed, else 0 */
} glossa_form;

/*
 * A form to add, for glossa_entry_add_form() and glossa_store_add_form():
 * the strings are the caller's and are copied. Fill it with designated
 * initializers; what is left out is 0 or NULL, which picks the default:
 *
 *     glossa_entry_add_form(e, &(glossa_form_spec){
 *         .type = GLOSSA_FORM_VARIANT, .text = "Asad" });
 */
typedef struct {
	glossa_form_type type;  /* glossa_store_add_form() also takes
	                         * GLOSSA_FORM_AUTO (store.h) */
	const char *text;     /* UTF-8, NFC */
	const char *script;   /* NULL: from the letters of `text` */
	const char *lang;     /* NULL: the usual one for the script */
	const char *becomes;  /* NULL: a variant, native or alone form becomes
	                       * the house or short form; others, none */
	const char *note;     /* NULL: none */
	unsigned line;        /* source line, 0 if none */
} glossa_form_spec;

typedef struct {
	char *key;      /* stable key: [a-z0-9][a-z0-9._-]* */
	glossa_kind kind;
	glossa_status status;
	char *note;     /* "" when none */
	glossa_form *forms;
	size_t nforms;
	size_t aforms;
	unsigned line;  /* source line when parsed, else 0 */
} glossa_entry;

/* A list of entries: opaque; read it with glossa_doc_count() and
 * glossa_doc_entry(). */
typedef struct glossa_doc glossa_doc;

typedef enum {
	GLOSSA_FORMAT_TSV = 0,
	GLOSSA_FORMAT_CSV,
	GLOSSA_FORMAT_TBX,
	GLOSSA_FORMAT_JSON
} glossa_format;

/* Names <-> enums. The *_name functions return static strings; the
 * *_parse functions return 0 or GLOSSA_EINVALID (no error is set). */
GLOSSA_EXTERN(const char *) glossa_kind_name(glossa_kind kind);
GLOSSA_EXTERN(int) glossa_kind_parse(glossa_kind *out, const char *name);
GLOSSA_EXTERN(const char *) glossa_status_name(glossa_status status);
GLOSSA_EXTERN(int) glossa_status_parse(glossa_status *out, const char *name);
GLOSSA_EXTERN(const char *) glossa_form_type_name(glossa_form_type type);
GLOSSA_EXTERN(int) glossa_form_type_parse(glossa_form_type *out, const char *name);
GLOSSA_EXTERN(const char *) glossa_format_name(glossa_format format);
GLOSSA_EXTERN(int) glossa_format_parse(glossa_format *out, const char *name);

/** Create an empty document. Release with glossa_doc_free(). */
GLOSSA_EXTERN(int) glossa_doc_new(glossa_doc **out);
/** Free a document and everything in it. NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_doc_free(glossa_doc *doc);

/** The number of entries in a document (0 for NULL). */
GLOSSA_EXTERN(size_t) glossa_doc_count(const glossa_doc *doc);

/**
 * The entry at index `i` (0 <= i < glossa_doc_count()), or NULL when `i`
 * is out of range. Owned by the document; valid until the next append
 * or glossa_doc_canonicalize() or glossa_doc_free().
 */
GLOSSA_EXTERN(const glossa_entry *) glossa_doc_entry(const glossa_doc *doc,
	size_t i);

/**
 * The same entry, to add forms to it with glossa_entry_add_form(); NULL
 * when `i` is out of range. Valid as long as glossa_doc_entry()'s.
 */
GLOSSA_EXTERN(glossa_entry *) glossa_doc_entry_mut(glossa_doc *doc,
	size_t i);

/**
 * Append an entry (strings are copied). @param[out] out, if not NULL,
 * receives a pointer owned by the document, valid until the next append.
 */
GLOSSA_EXTERN(int) glossa_doc_add_entry(glossa_entry **out, glossa_doc *doc,
	const char *key, glossa_kind kind, glossa_status status,
	const char *note, unsigned line);

/**
 * Append the form `form` to an entry (strings copied; NULL becomes "").
 * An empty or NULL `script` is detected from the letters of `text` (Latn
 * when they have none); an empty or NULL `lang` is the usual one for the
 * script (ru for Cyrl, ar for Arab, else en). `becomes` and `note` are
 * kept as given ("" for NULL): glossa_doc_canonicalize() fills in an empty
 * `becomes` of a variant, native or alone form. `type` and `line` are
 * kept as given (no GLOSSA_FORM_AUTO here).
 */
GLOSSA_EXTERN(int) glossa_entry_add_form(glossa_entry *entry,
	const glossa_form_spec *form);

/**
 * Add a copy of `entry` (its fields, its forms and their lines) to `doc`;
 * *out (may be NULL) receives the copy.
 */
GLOSSA_EXTERN(int) glossa_doc_add_copy(glossa_entry **out, glossa_doc *doc,
	const glossa_entry *entry);

/** The entry's house (or short) form text, or NULL if it has none. */
GLOSSA_EXTERN(const char *) glossa_entry_house(const glossa_entry *entry);
GLOSSA_EXTERN(const char *) glossa_entry_short(const glossa_entry *entry);

/**
 * Bring a document to its canonical shape: entries sorted by key, forms by
 * type then text (bytewise), an empty `becomes` of a variant or native form
 * filled in: the short form when the entry has one and the form has fewer
 * words than the full house form ("Asad" -> "Assad"), else the house form. Export writes canonical documents, so the same
 * glossary always gives the same bytes.
 */
GLOSSA_EXTERN(int) glossa_doc_canonicalize(glossa_doc *doc);

/**
 * Check every entry on its own: key syntax, valid UTF-8 in NFC, no control
 * characters, exactly one house form, at most one short form, a variant or
 * native form becomes this entry's house or short form, house/short/
 * alternate have no `becomes`, no form twice, script and language well
 * formed, no key twice. `source` names the input in messages
 * ("file:line: reason"); NULL for none.
 * @return 0 or GLOSSA_EINVALID with the reason in glossa_error_last().
 */
GLOSSA_EXTERN(int) glossa_doc_validate(const glossa_doc *doc, const char *source);

/**
 * Parse an exchange document. Parsing checks the syntax of the format and
 * then calls glossa_doc_validate(). `source` names the input in messages.
 * @param[out] out receives a new document; release with glossa_doc_free().
 * @return 0, or GLOSSA_EINVALID with "source:line: reason".
 */
GLOSSA_EXTERN(int) glossa_doc_parse(glossa_doc **out, glossa_format format,
	const char *data, size_t len, const char *source);

/**
 * Write a document (canonicalize it first for deterministic output).
 * @return 0 or a negative error code.
 */
GLOSSA_EXTERN(int) glossa_doc_write(glossa_buf *out, const glossa_doc *doc,
	glossa_format format);

GLOSSA_END_DECL

#endif
