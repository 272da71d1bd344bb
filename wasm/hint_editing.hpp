// Everything that changes the opened image's colour hints: placing, moving, recolouring and
// removing hints, undo and redo, hints files and the hints of a link. Each change runs the network
// again (request_colorize coalesces: at most one run in flight, the latest hints win). Hints are
// in the image's pixel coordinates; tint/hints.hpp maps them to the network's working side, as
// `tint colorize --hints` does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_state.hpp"

namespace tint::app {

// The most undo steps kept.
constexpr std::size_t kMaxHintUndo = 200;
// The recent colours the hint tools offer.
constexpr std::size_t kRecentColours = 8;

// Whether the hint tools apply: an image is open and the selected model takes hints.
bool hint_tools_available(const AppState& app);
// Why they do not, in a sentence for the side panel ("" when they do).
std::string why_no_hint_tools(const AppState& app);

// Places a hint on image pixel (x, y), coloured as the current result is there (the gray input's
// colour before the first result), selects it and returns its index; -1 outside the image.
int add_hint(AppState& app, double x, double y);
// Starts a change that takes many steps (a drag, a colour picker held down): undo returns to the
// hints as they are now, however many steps follow.
void begin_hint_change(AppState& app);
// Moves hint `index` to image pixel (x, y), clamped into the image; part of a change begun with
// begin_hint_change.
void move_hint(AppState& app, int index, double x, double y);
// Recolours hint `index`. With `undoable`, one undo step of its own; without, part of a change
// begun with begin_hint_change.
void set_hint_colour(AppState& app, int index, Rgb8 colour, bool undoable);
// Keeps `colour` first among the recent colours.
void remember_colour(AppState& app, Rgb8 colour);
void remove_hint(AppState& app, int index);
void select_hint(AppState& app, int index);
// Replaces every hint (one undo step), as a reference gives them.
void replace_hints(AppState& app, std::vector<ColourHint> hints);
// Removes every hint (one undo step).
void clear_hints(AppState& app);
void undo_hints(AppState& app);
void redo_hints(AppState& app);

// The opened image's hints from the hints JSON text (tint/hints.hpp), named `where` in errors. It
// refuses, with a message and the previous hints kept, bad text, no image, and a model that takes
// no hints. Returns whether the hints were set (one undo step).
bool set_hints(AppState& app, const std::string& json_text, const std::string& where = "hints");

// A hints file the user opened (picker, drop): applied to the image, or to the image being opened
// when one is, so that a photo and its hints dropped together go together.
void open_hints_file(AppState& app, ImageFile file);
// Applies a hints file that waited for its image (after an image is opened).
void open_waiting_hints_file(AppState& app);
// The hints file's text (with the reference's name when the hints came from one).
std::string hints_file_of(const AppState& app);
// Downloads the hints as the JSON file `tint colorize --hints` reads, naming the reference they
// came from when they did.
void save_hints_file(AppState& app);

// Sets the hints a link gave for the opened example (link text, tint/hint_links.hpp): bad hints
// are reported and dropped, the rest applied.
void set_link_hints(AppState& app, const std::string& link_text);

}  // namespace tint::app
