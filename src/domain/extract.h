/* Text extraction from a stored file, for search. A PDF is read by
 * pdftotext in a child process: empty environment, no network (new user
 * and network namespaces where the kernel allows them; otherwise the empty
 * environment and the limits are what holds it), a memory limit
 * (RLIMIT_AS), a CPU limit, no files written (RLIMIT_FSIZE 0) and a
 * wall-clock limit after which it is killed. Plain text, CSV, email (its
 * headers and text/plain parts) and .docx (word/document.xml) are read in
 * process. */
#ifndef DISCLOSE_EXTRACT_H
#define DISCLOSE_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct extract_limits {
	const char *pdftotext; /* absolute path of the program */
	unsigned seconds;      /* wall clock and CPU */
	uint64_t memory_bytes; /* address space of the child */
	size_t text_max;       /* bytes of text kept */
};

/* extract_limits_default: /usr/bin/pdftotext, 30 s, 1 GiB, 4 MiB of text. */
void extract_limits_default(struct extract_limits *l);

enum extract_rc {
	EXTRACT_OK,          /* out holds the text: valid UTF-8 */
	EXTRACT_UNSUPPORTED, /* a type with no text to read (images, zip) */
	EXTRACT_FAILED,      /* the file could not be read */
};

/* extract_text appends the text of the file at path, of the sniffed
 * content_type, to out. */
enum extract_rc extract_text(const struct extract_limits *l, const char *path,
			     const char *content_type, struct buf *out);

#endif
