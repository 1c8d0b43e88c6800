/*
 * The Word documents of the docx tests, made and taken apart with libzip
 * (no zip or unzip program needed):
 *
 *   docx-tool make [--store] [--encrypt] OUT DIR NAME...
 *       a zip of DIR/NAME stored as NAME, in that order
 *   docx-tool bomb OUT DIR NAME...   the same plus 300 members of 1 MB
 *       of zeros each (a few KB packed)
 *   docx-tool list FILE     a line per member: name, method, size, CRC
 *       and a checksum of its packed bytes
 *   docx-tool cat FILE NAME         a member's bytes
 *   docx-tool text FILE     the body's text as glossa reads it
 *   docx-tool accept IN OUT  IN with every revision by "glossa"
 *       accepted (its w:del gone, its w:ins unwrapped)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>
#include <glossa.h>

static int die(const char *what, const char *why)
{
	fprintf(stderr, "docx-tool: %s: %s\n", what, why);
	return 2;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
		buf[n] = '\0';
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int make(int argc, char **argv, bool bomb)
{
	bool store = false, encrypt = false;
	zip_t *za;
	int err, i = 0, k;
	static char zeros[1 << 20];

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--store") == 0)
			store = true;
		else if (strcmp(argv[i], "--encrypt") == 0)
			encrypt = true;
	}
	if (argc - i < 2)
		return die("make", "OUT DIR NAME...");
	if ((za = zip_open(argv[i], ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		return die(argv[i], "cannot create");
	for (k = i + 2; k < argc; k++) {
		char path[4096];
		size_t len;
		char *data;
		zip_source_t *zs;
		zip_int64_t idx;

		snprintf(path, sizeof(path), "%s/%s", argv[i + 1], argv[k]);
		if ((data = slurp(path, &len)) == NULL)
			return die(path, "cannot read");
		if ((zs = zip_source_buffer(za, data, len, 1)) == NULL ||
		    (idx = zip_file_add(za, argv[k], zs, 0)) < 0)
			return die(argv[k], zip_strerror(za));
		if (store && zip_set_file_compression(za, (zip_uint64_t)idx,
				ZIP_CM_STORE, 0) < 0)
			return die(argv[k], zip_strerror(za));
		if (encrypt && zip_file_set_encryption(za, (zip_uint64_t)idx,
				ZIP_EM_AES_256, "secret") < 0)
			return die(argv[k], zip_strerror(za));
	}
	for (k = 0; bomb && k < 300; k++) {
		char name[64];
		zip_source_t *zs;

		snprintf(name, sizeof(name), "pad/%03d.bin", k);
		if ((zs = zip_source_buffer(za, zeros, sizeof(zeros), 0)) == NULL ||
		    zip_file_add(za, name, zs, 0) < 0)
			return die(name, zip_strerror(za));
	}
	if (zip_close(za) < 0)
		return die(argv[i], zip_strerror(za));
	return 0;
}

static int list(const char *path)
{
	zip_t *za;
	zip_int64_t n, i;
	int err;

	if ((za = zip_open(path, ZIP_RDONLY, &err)) == NULL)
		return die(path, "not a zip");
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n; i++) {
		zip_stat_t st;
		zip_file_t *zf;
		uint64_t h = 1469598103934665603ull;
		unsigned char buf[8192];
		zip_int64_t got;

		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0)
			return die(path, zip_strerror(za));
		/* The packed bytes as they are in the archive. */
		if ((zf = zip_fopen_index(za, (zip_uint64_t)i,
				ZIP_FL_COMPRESSED)) == NULL)
			return die(st.name, zip_strerror(za));
		while ((got = zip_fread(zf, buf, sizeof(buf))) > 0) {
			zip_int64_t j;

			for (j = 0; j < got; j++)
				h = (h ^ buf[j]) * 1099511628211ull;
		}
		zip_fclose(zf);
		printf("%s %d %llu %08x %016llx\n", st.name, (int)st.comp_method,
			(unsigned long long)st.size, (unsigned)st.crc,
			(unsigned long long)h);
	}
	zip_discard(za);
	return 0;
}

static char *member(const char *path, const char *name, size_t *len)
{
	zip_t *za;
	zip_file_t *zf;
	zip_stat_t st;
	char *buf = NULL;
	int err;

	if ((za = zip_open(path, ZIP_RDONLY, &err)) == NULL)
		return NULL;
	if (zip_stat(za, name, 0, &st) == 0 &&
	    (zf = zip_fopen(za, name, 0)) != NULL) {
		if ((buf = malloc(st.size + 1)) != NULL &&
		    zip_fread(zf, buf, st.size) == (zip_int64_t)st.size) {
			*len = st.size;
			buf[st.size] = '\0';
		} else {
			free(buf);
			buf = NULL;
		}
		zip_fclose(zf);
	}
	zip_discard(za);
	return buf;
}

static bool by_glossa(xmlNode *n)
{
	xmlChar *a = NULL;
	xmlAttr *p;
	bool yes;

	for (p = n->properties; p; p = p->next)
		if (strcmp((const char *)p->name, "author") == 0)
			a = xmlNodeListGetString(n->doc, p->children, 1);
	yes = a && strcmp((char *)a, "glossa") == 0;
	xmlFree(a);
	return yes;
}

static void accept_revisions(xmlNode *n)
{
	xmlNode *next;

	for (; n; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		accept_revisions(n->children);
		if (strcmp((const char *)n->name, "del") == 0 && by_glossa(n)) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		} else if (strcmp((const char *)n->name, "ins") == 0 &&
			   by_glossa(n)) {
			xmlNode *c, *cn;

			for (c = n->children; c; c = cn) {
				cn = c->next;
				xmlUnlinkNode(c);
				xmlAddPrevSibling(n, c);
			}
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
}

static int accept(const char *in, const char *out)
{
	size_t len, flen;
	char *xml = member(in, "word/document.xml", &len), *file;
	xmlDoc *doc;
	xmlChar *mem;
	int size, err;
	zip_t *za;
	zip_source_t *zs;
	FILE *f;

	if (xml == NULL || (doc = xmlReadMemory(xml, (int)len, NULL, NULL,
			XML_PARSE_NONET)) == NULL)
		return die(in, "no word/document.xml");
	accept_revisions(xmlDocGetRootElement(doc));
	xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
	if ((file = slurp(in, &flen)) == NULL || (f = fopen(out, "wb")) == NULL ||
	    fwrite(file, 1, flen, f) != flen || fclose(f) != 0)
		return die(out, "cannot copy");
	if ((za = zip_open(out, 0, &err)) == NULL ||
	    (zs = zip_source_buffer(za, mem, (zip_uint64_t)size, 0)) == NULL ||
	    zip_file_replace(za, (zip_uint64_t)zip_name_locate(za,
			"word/document.xml", 0), zs, 0) < 0 ||
	    zip_close(za) < 0)
		return die(out, "cannot write");
	xmlFree(mem);
	xmlFreeDoc(doc);
	free(xml);
	free(file);
	return 0;
}

static int text(const char *path)
{
	size_t len, tlen;
	char *data = slurp(path, &len);
	glossa_docx *d;
	const char *t;

	if (data == NULL)
		return die(path, "cannot read");
	if (glossa_docx_open(&d, data, len, path) < 0)
		return die(path, glossa_error_last()->message);
	t = glossa_docx_text(d, &tlen);
	fwrite(t, 1, tlen, stdout);
	glossa_docx_free(d);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "make") == 0)
		return make(argc - 2, argv + 2, false);
	if (argc >= 2 && strcmp(argv[1], "bomb") == 0)
		return make(argc - 2, argv + 2, true);
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return list(argv[2]);
	if (argc == 3 && strcmp(argv[1], "text") == 0)
		return text(argv[2]);
	if (argc == 4 && strcmp(argv[1], "accept") == 0)
		return accept(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "cat") == 0) {
		size_t len;
		char *m = member(argv[2], argv[3], &len);

		if (m == NULL)
			return die(argv[3], "no such member");
		fwrite(m, 1, len, stdout);
		free(m);
		return 0;
	}
	return die("usage", "make|bomb|list|cat|text|accept ...");
}
