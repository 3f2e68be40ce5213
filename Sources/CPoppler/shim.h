// Exposes Poppler's GLib API (document, page text, metadata) and the GLib helpers it needs to Swift.
#include <glib.h>
#include <glib-object.h>
#include <poppler.h>
