// Every JSON the colour core reads: the parser itself, model cards, palettes, hints files, and the
// hints of a page link. Any input must give a value or a tint::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tint/error.hpp"
#include "tint/hint_links.hpp"
#include "tint/hints.hpp"
#include "tint/json.hpp"
#include "tint/model_card.hpp"
#include "tint/palette_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const tint::Json json = tint::parse_json(text, "fuzz.json");
    // What is written must read back as the same value.
    if (tint::parse_json(tint::dump_json(json), "again") != json) __builtin_trap();
    try {
      tint::model_card_from_json(json, "card");
    } catch (const tint::Error&) {
    }
    try {
      tint::palette_from_json(json, "palette");
    } catch (const tint::Error&) {
    }
    try {
      tint::hints_from_json(json, "hints", 768, 512);
    } catch (const tint::Error&) {
    }
  } catch (const tint::Error&) {
  }
  tint::hints_from_link_text(text, 768, 512);
  return 0;
}
