"""The interpretation stage, shared by every format: a reader's grid in, :class:`~exporter.model.Table`
out.  ``grid`` reads the grid (value bands, heading rows, label rows); ``columns`` turns heading
text into periods; ``captions`` reads scale and role; ``labels`` totals, sections and wrapping;
``numbers`` the printed numbers; ``sums`` the arithmetic inside one table."""
