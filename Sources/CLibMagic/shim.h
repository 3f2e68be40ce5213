// Exposes libmagic's buffer API to Swift.
#include <magic.h>
