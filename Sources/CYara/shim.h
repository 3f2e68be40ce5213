// Exposes libyara's compiler and scanner API to Swift.
#include <yara.h>
