// Text for HTML, SVG and XML documents: element content and attribute values.
#pragma once

#include <string>

namespace tint::trainer {

// & < > " ' as character references (&#39; for the apostrophe: valid in HTML and XML alike).
std::string escape_markup(const std::string& text);

}  // namespace tint::trainer
