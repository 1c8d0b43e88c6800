/*
 * test-json-schema SCHEMA [FILE]: check a JSON document (FILE, else
 * standard input) against one of the schemas in doc/json/.
 *
 * Only the part of JSON Schema those schemas use: type, required,
 * properties, additionalProperties, items, enum, const, minimum and
 * "$ref": "#/$defs/NAME". Other keywords (title, description, ...) are
 * ignored. Every mismatch is printed with its path; exit 0 when the
 * document fits, 1 when it does not, 2 on a bad schema or document.
 */
#include <stdio.h>
#include <string.h>
#include <jansson.h>

static json_t *root_schema;
static int nerrors;

static void fail(const char *path, const char *what)
{
	fprintf(stderr, "%s: %s\n", *path ? path : "/", what);
	nerrors++;
}

static int is_type(const json_t *v, const char *type)
{
	if (strcmp(type, "object") == 0)
		return json_is_object(v);
	if (strcmp(type, "array") == 0)
		return json_is_array(v);
	if (strcmp(type, "string") == 0)
		return json_is_string(v);
	if (strcmp(type, "integer") == 0)
		return json_is_integer(v);
	if (strcmp(type, "number") == 0)
		return json_is_number(v);
	if (strcmp(type, "boolean") == 0)
		return json_is_boolean(v);
	if (strcmp(type, "null") == 0)
		return json_is_null(v);
	return 0;
}

static void check(const json_t *v, const json_t *s, const char *path);

static void check_type(const json_t *v, const json_t *t, const char *path)
{
	size_t i;
	json_t *x;

	if (json_is_string(t)) {
		if (!is_type(v, json_string_value(t)))
			fail(path, json_string_value(t));
		return;
	}
	json_array_foreach(t, i, x)
		if (json_is_string(x) && is_type(v, json_string_value(x)))
			return;
	fail(path, "none of the allowed types");
}

static void check_object(const json_t *v, const json_t *s, const char *path)
{
	const json_t *req = json_object_get(s, "required");
	const json_t *props = json_object_get(s, "properties");
	const json_t *extra = json_object_get(s, "additionalProperties");
	const char *key;
	char sub[1024];
	json_t *x;
	size_t i;

	json_array_foreach(req, i, x)
		if (!json_object_get(v, json_string_value(x))) {
			snprintf(sub, sizeof(sub), "required key \"%s\" missing",
				json_string_value(x));
			fail(path, sub);
		}
	json_object_foreach((json_t *)v, key, x) {
		const json_t *ps = props ? json_object_get(props, key) : NULL;

		snprintf(sub, sizeof(sub), "%s/%s", path, key);
		if (ps)
			check(x, ps, sub);
		else if (json_is_false(extra))
			fail(sub, "key not in the schema");
		else if (json_is_object(extra))
			check(x, extra, sub);
	}
}

static void check(const json_t *v, const json_t *s, const char *path)
{
	const json_t *t, *ref = json_object_get(s, "$ref");
	char sub[1024];
	json_t *x;
	size_t i;

	if (json_is_string(ref)) {
		const char *r = json_string_value(ref);
		const json_t *d = json_object_get(root_schema, "$defs");

		if (strncmp(r, "#/$defs/", 8) != 0 ||
		    !(d = json_object_get(d, r + 8))) {
			fail(path, "unresolved $ref in the schema");
			return;
		}
		check(v, d, path);
	}
	if ((t = json_object_get(s, "type")) != NULL)
		check_type(v, t, path);
	if ((t = json_object_get(s, "const")) != NULL && !json_equal(v, t))
		fail(path, "not the constant the schema wants");
	if ((t = json_object_get(s, "enum")) != NULL) {
		int found = 0;

		json_array_foreach(t, i, x)
			found |= json_equal(v, x);
		if (!found)
			fail(path, "not one of the enumerated values");
	}
	if ((t = json_object_get(s, "minimum")) != NULL && json_is_number(v) &&
	    json_number_value(v) < json_number_value(t))
		fail(path, "below the minimum");
	if (json_is_object(v))
		check_object(v, s, path);
	if (json_is_array(v) && (t = json_object_get(s, "items")) != NULL)
		json_array_foreach(v, i, x) {
			snprintf(sub, sizeof(sub), "%s/%zu", path, i);
			check(x, t, sub);
		}
}

int main(int argc, char **argv)
{
	json_error_t err;
	json_t *doc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: test-json-schema SCHEMA [FILE]\n");
		return 2;
	}
	if ((root_schema = json_load_file(argv[1], 0, &err)) == NULL) {
		fprintf(stderr, "%s:%d: %s\n", argv[1], err.line, err.text);
		return 2;
	}
	doc = argc == 3 ? json_load_file(argv[2], 0, &err) :
		json_loadf(stdin, 0, &err);
	if (doc == NULL) {
		fprintf(stderr, "%s:%d: %s\n", argc == 3 ? argv[2] : "<stdin>",
			err.line, err.text);
		json_decref(root_schema);
		return 2;
	}
	check(doc, root_schema, "");
	json_decref(doc);
	json_decref(root_schema);
	return nerrors ? 1 : 0;
}
