#pragma once
// Text made safe for XML 1.0 (Newznab errors, the Torznab feed and caps).
// Torrent names come from strangers on the DHT: any bytes at all, so beyond
// the five entities this repairs what a strict parser (.NET's XDocument,
// pugixml) would refuse outright.
#include <string>
#include <string_view>

namespace helmarr::api {

// Escapes & < > " ' (so the result fits element text and attribute values
// alike), writes tab, LF and CR as character references (attribute value
// normalisation would turn them into spaces), drops the other C0 control
// characters and the non-characters U+FFFE/U+FFFF, and replaces each invalid
// UTF-8 sequence (overlong, surrogate, truncated, > U+10FFFF) with U+FFFD.
std::string xml_escape(std::string_view text);
void append_xml_escaped(std::string& out, std::string_view text);

}  // namespace helmarr::api
