// C face of CLD2's C++ detector, so Swift can call it without C++ interoperability.
#ifndef CCLD2_H
#define CCLD2_H

#ifdef __cplusplus
extern "C" {
#endif

/// Up to three languages CLD2 found, best first; codes are CLD2's ("en", "zh-Hant", "un" for unknown).
typedef struct {
    char code[3][16];
    int percent[3];
    int textBytes;
    int reliable;
    int validPrefixBytes;
} ccld2_result;

/// Detects the language of `length` bytes of UTF-8 plain text. Invalid UTF-8 stops the scan (see validPrefixBytes).
/// With `bestEffort` nonzero CLD2 names its best language even where it would say unknown (its reliable flag then
/// means nothing).
void ccld2_detect(const char *utf8, int length, int bestEffort, ccld2_result *result);

#ifdef __cplusplus
}
#endif

#endif
