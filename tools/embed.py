#!/usr/bin/env python3
"""Write a C file holding the given files as byte arrays, with a table
`embedded_files[]` of {path, data, size, etag} sorted by path (see
src/util/embedded.h). Usage: embed.py OUT ROOT FILE..."""
import hashlib
import os
import sys

out_path, root, files = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = sorted((os.path.relpath(os.path.abspath(f), root), f) for f in files)
with open(out_path, "w") as out:
    out.write('#include "util/embedded.h"\n\n')
    for i, (_, f) in enumerate(entries):
        data = open(f, "rb").read()
        out.write(f"static const unsigned char file_{i}[{len(data) + 1}] = {{")
        for j, byte in enumerate(data):
            if j % 16 == 0:
                out.write("\n\t")
            out.write(f"{byte},")
        out.write("0};\n")
    out.write("\nconst struct embedded_file embedded_files[] = {\n")
    for i, (rel, f) in enumerate(entries):
        data = open(f, "rb").read()
        etag = hashlib.sha256(data).hexdigest()[:20]
        out.write(f'\t{{"{rel}", file_{i}, {len(data)}, "\\"{etag}\\""}},\n')
    out.write("};\n")
    out.write(f"const size_t embedded_count = {len(entries)};\n")
