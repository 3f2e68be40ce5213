// Exposes libarchive's reader API to Swift.
#include <archive.h>
#include <archive_entry.h>
