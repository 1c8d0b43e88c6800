/*
 * glossa: a check report or a fix result as bytes, and back.
 *
 * For a program that checks or fixes in worker processes and writes the
 * output in one (glossa's -j): a worker packs what glossa_check_text() or
 * glossa_fix_text() made, the writing process unpacks it and writes it
 * as if it had made it itself, byte for byte. The bytes are for the same
 * build of the library on the same machine, not a file format: nothing
 * keeps them, and unpack refuses what it does not recognise.
 */
#ifndef GLOSSA_PACK_H
#define GLOSSA_PACK_H

#include "common.h"
#include "check.h"
#include "fix.h"

GLOSSA_BEGIN_DECL

/** Append report `r` (its source name and findings) to `out`. */
GLOSSA_EXTERN(int) glossa_report_pack(glossa_buf *out,
	const glossa_report *r);
/**
 * The report packed in data[0..len).
 * @param[out] out receives the report; release with glossa_report_free().
 * @return 0, GLOSSA_EINVALID for bytes that are not a packed report,
 *         GLOSSA_ERROR when out of memory.
 */
GLOSSA_EXTERN(int) glossa_report_unpack(glossa_report **out,
	const char *data, size_t len);

/** Append fix result `r` (its matches) to `out`. */
GLOSSA_EXTERN(int) glossa_fix_result_pack(glossa_buf *out,
	const glossa_fix_result *r);
/**
 * The fix result packed in data[0..len): the same matches and counts
 * (glossa_fix_apply() and glossa_fix_report_format() take it as they take
 * the original).
 * @param[out] out receives the result; release with
 *             glossa_fix_result_free().
 * @return 0, GLOSSA_EINVALID or GLOSSA_ERROR.
 */
GLOSSA_EXTERN(int) glossa_fix_result_unpack(glossa_fix_result **out,
	const char *data, size_t len);

GLOSSA_END_DECL

#endif
