"""Static files as production serves them: hashed names, with .gz and .br beside each.

WhiteNoise sends the .br copy to browsers that accept brotli (the `brotli` package makes
them), but compresses every file again at every `collectstatic`, and brotli at its best
takes about a second per megabyte: the API docs' bundles and source maps (18 MB) made each
`serve` start wait a minute. So the copies of a file whose name carries its content's hash
are kept (Django saves those again at every run, so their times say nothing), as are the
copies of other files that are newer than the file; and source maps, which only a
developer's tools fetch, are not compressed at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

SKIP_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
HASHED = re.compile(r"\.[0-9a-f]{12}\.[^./]+$")  # ManifestStaticFilesStorage's names


class FreshCompressor(Compressor):
    def compress(self, path: str) -> Iterator[str]:
        source = Path(path)
        kept = [Path(f"{path}.{suffix}") for suffix in self.suffixes()]
        mtime = 0.0 if HASHED.search(source.name) else source.stat().st_mtime
        if kept and all(c.exists() and c.stat().st_mtime >= mtime for c in kept):
            yield from (str(c) for c in kept)
            return
        yield from super().compress(path)

    def suffixes(self) -> list[str]:
        return [s for s, used in (("gz", self.use_gzip), ("br", self.use_brotli)) if used]


class StaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        kwargs["extensions"] = SKIP_EXTENSIONS
        return FreshCompressor(**kwargs)
