"""One reader per format.  A reader turns its format into tables of cells with their source
places (``exporter.interpret`` reads every grid the same way):

* ``text``: fixed-width text (wire releases, EDGAR text exhibits and their SGML table tags, text
  renderings of web pages);
* ``html``: HTML pages and EDGAR HTML exhibits;
* ``markdown``: Markdown pipe tables, and one-cell-per-line renderings of tables;
* ``runon``: statements that a bad conversion ran together on one line.
"""
