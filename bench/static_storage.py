"""collectstatic for the benchmark only: tolerate source maps that the repository does not ship.

``static/vendor/leaflet/leaflet.js`` (and leaflet.markercluster) end with a
``//# sourceMappingURL=…`` comment whose ``.map`` file is missing, so
``collectstatic`` with the production storage stops with ``MissingFileError``.
That is a bug in the app (reported, not fixed here). The benchmark collects with
this subclass, which leaves such comments as they are; it writes the same
``staticfiles.json`` manifest, and gunicorn serves it with the unchanged
production storage.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class SourceMapTolerantStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if matchobj.groupdict().get("url", "").endswith(".map"):
                    return matchobj.groupdict()["matched"]
                raise

        return converter
