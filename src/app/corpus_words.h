#pragma once
// The corpus generator's vocabulary: title words of our own (none of them a
// release-name keyword such as a source, codec or language, so the parser's
// job is the one real names give it), people's names, release groups and the
// technical tags real releases carry.
#include <span>
#include <string_view>

namespace helmarr::app::corpus_words {

std::span<const std::string_view> nouns();        // "Harbor", "Kingdom", ...
std::span<const std::string_view> adjectives();   // "Silent", "Crimson", ...
std::span<const std::string_view> gerunds();      // "Running", "Chasing", ...
std::span<const std::string_view> small_words();  // "of", "in", "and", ...: inside titles
std::span<const std::string_view> accented();     // "Café", "Señor": accent folding
std::span<const std::string_view> first_names();
std::span<const std::string_view> surnames();
// Syllables the generator joins into invented proper names ("Kalvoran").
std::span<const std::string_view> onsets();
std::span<const std::string_view> vowels();
std::span<const std::string_view> codas();

std::span<const std::string_view> scene_tv_groups();
std::span<const std::string_view> p2p_groups();
std::span<const std::string_view> movie_groups();
std::span<const std::string_view> anime_groups();
std::span<const std::string_view> german_groups();
std::span<const std::string_view> french_groups();
std::span<const std::string_view> music_groups();
std::span<const std::string_view> game_groups();
std::span<const std::string_view> software_groups();
std::span<const std::string_view> streaming_services();  // AMZN, NF, ...
std::span<const std::string_view> unknown_names();      // odd names of no known kind

}  // namespace helmarr::app::corpus_words
