"""Move a whole Jekyll blog to this site: ``scaledown import jekyll SITE_DIR``.

One module per job: :mod:`.config` reads the Jekyll site, :mod:`.authors`
turns its authors into ``.authors.yml`` entries, :mod:`.assets` finds the
images to copy, :mod:`.links` points links at the right posts and files,
:mod:`.permalinks` works out each post's old URL, :mod:`.redirects` plans the
redirect map, and :mod:`.site` puts it all in one plan that is written all at
once or not at all. Each post is converted by :mod:`scaledown.site.jekyll`.
"""
