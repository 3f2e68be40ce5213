// Calls CLD2's extended detector and copies its answer into a plain C struct.
#include <cstdio>
#include <cstring>
#include <cld2/public/compact_lang_det.h>
#include "ccld2.h"

extern "C" void ccld2_detect(const char *utf8, int length, int bestEffort, ccld2_result *result) {
    std::memset(result, 0, sizeof(*result));
    CLD2::Language languages[3];
    int percents[3] = {0, 0, 0};
    double scores[3] = {0, 0, 0};
    int textBytes = 0;
    bool reliable = false;
    int validPrefix = 0;
    // The CheckUTF8 variant: evidence text is never trusted to be valid UTF-8.
    CLD2::ExtDetectLanguageSummaryCheckUTF8(utf8, length, true, nullptr,
                                            bestEffort ? CLD2::kCLDFlagBestEffort : 0, languages, percents, scores,
                                            nullptr, &textBytes, &reliable, &validPrefix);
    for (int i = 0; i < 3; i++) {
        const char *code = CLD2::LanguageCode(languages[i]);
        std::snprintf(result->code[i], sizeof(result->code[i]), "%s", code ? code : "un");
        result->percent[i] = percents[i];
    }
    result->textBytes = textBytes;
    result->reliable = reliable ? 1 : 0;
    result->validPrefixBytes = validPrefix;
}
