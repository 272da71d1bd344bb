// The browser app's whole state: one plain struct that the frame function draws from and the
// actions (app_actions.hpp) change. Nothing here knows about ImGui, WebGL or JavaScript.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "opened_image.hpp"
#include "tint/hints.hpp"
#include "tint/image_encoder.hpp"
#include "tint/model_card.hpp"
#include "tint/prediction.hpp"
#include "tint/reference_hints.hpp"
#include "tint/resample.hpp"

namespace tint::app {

// A model the app knows about: bundled with the page or opened by the user. Its ONNX Runtime
// session lives on the JavaScript side under `session_id`.
struct ModelEntry {
  int session_id = 0;
  std::string file_name;
  bool bundled = false;
  ModelCard card;
  std::size_t file_bytes = 0;
  // kWaiting: a bundled model whose session waits its turn. Bundled models load one after
  // another, the default first (a model the page's link names does not wait), and the later ones
  // only while nothing runs: their sessions' creation would hold the page's thread before the
  // first colour.
  enum class Status { kWaiting, kLoading, kReady } status = Status::kLoading;
  std::vector<std::uint8_t> bytes_until_loaded;  // the ONNX file, while kWaiting
};

// The network output of the last run, kept so that palette edits and the temperature re-decode
// without running the network again.
struct Prediction {
  int session_id = 0;
  int image_serial = 0;
  int hints_serial = 0;       // the hints it was made with (AppState::hints_serial)
  std::vector<float> output;  // CHW
  int channels = 0;
  int width = 0;
  int height = 0;

  NetworkOutput network_output() const { return {output.data(), channels, width, height}; }
};

// How the cached prediction is turned into colour: the edited palette (palette models) and the
// annealed-mean temperature (bins models). Reset to the card's values when the model changes.
struct DecodeSettings {
  std::vector<Rgb8> palette;
  float temperature = 0.38f;
};

enum class ViewMode { kInput, kColorized, kOriginal, kSideBySide, kSplit };

// Zoom and pan of the canvas: image pixel (x, y) is drawn at origin + (x, y) * zoom, relative to
// the canvas' top left (in side-by-side mode, relative to each half).
struct ViewTransform {
  float zoom = 1.0f;
  float origin_x = 0.0f;
  float origin_y = 0.0f;
  bool fit_requested = true;  // fit on the next frame (new image, "Fit")
  bool fitted = false;        // still as fitted: follows the window when it resizes
  // Where the canvas was last drawn (CSS pixels from the canvas element's top left), for the
  // scripting interface.
  float canvas_left = 0.0f, canvas_top = 0.0f, canvas_width = 0.0f, canvas_height = 0.0f;
};

// The layout of the page (layout.hpp): the desktop's toolbar and side panel, or the touch
// layout's picture with a bar of actions and sheets (touch_window.hpp).
enum class LayoutKind { kDesktop, kPhone, kTablet };
// The touch layout's sheet that is open, holding what the desktop's side panel and toolbar hold.
enum class Sheet { kNone, kHints, kModel, kView, kBatch };

// What the fingers did this frame beyond one finger's tap and drag (touch_input.hpp), in CSS
// pixels from the canvas element's top left: the canvas zooms, pans and fits with them.
struct TouchGesture {
  bool pinching = false;
  float scale = 1.0f;                      // how much the two fingers' distance grew this frame
  float centre_x = 0.0f, centre_y = 0.0f;  // their midpoint now
  float shift_x = 0.0f, shift_y = 0.0f;    // how far the midpoint moved this frame
  bool double_tap = false;                 // at tap_x, tap_y
  bool long_press = false;                 // a finger held still (on a hint: its colour)
  float tap_x = 0.0f, tap_y = 0.0f;
};

// An image file waiting to be opened.
struct ImageFile {
  std::vector<std::uint8_t> bytes;
  std::string name;
  bool is_example = false;  // one of the page's examples (links can name it)
};

// Work on an image of up to this many pixels (opening it, starting its run, decoding its output,
// uploading it to WebGL) takes a few tens of milliseconds at most: it is done at once rather than
// announced in a frame first, since each frame drawn costs the page's thread tens of milliseconds
// with software WebGL. Larger images are worked on a band of rows per frame.
constexpr std::size_t kImmediateWorkPixels = 1'000'000;

// A large image's result composed a band of rows per frame (tint/compose.hpp).
struct Composition {
  // `colour`: the ab at the network output's size (ab_rows keeps what it needs of it).
  Composition(const ImageF& colour, int width, int height)
      : ab_rows(colour, width, height), rgb(width, height, 3, kBrowserMaxPixels) {}

  RowResizer ab_rows;  // the colour's rows at the image's size
  Image8 rgb;
  int next_row = 0;
  double work_ms = 0.0;  // the decode's time so far, its steps summed
};

// An image file being opened: a large one a band per frame (ImageOpening reads file.bytes).
struct ImageToOpen {
  ImageFile file;
  std::unique_ptr<ImageOpening> opening;  // null until its first step
  int batch_photo = -1;                   // its index in AppState::batch, or -1
};

// A photo of a batch (batch.hpp). The page holds its file and reads it when its turn comes.
struct BatchPhoto {
  enum class State { kWaiting, kReading, kColouring, kSaving, kDone, kFailed, kCancelled };
  std::string name;  // with its subfolders, '/'-separated
  std::size_t file_bytes = 0;
  State state = State::kWaiting;
  std::string reason;  // why it failed
  std::string result_name;
  std::size_t result_bytes = 0;
};

// Many photos coloured one at a time with the current model and settings, each saved as the
// single-photo download saves it; the page keeps the finished files for the zip (web/batch.js).
struct Batch {
  std::vector<BatchPhoto> photos;  // empty: no batch
  bool paused = false;
  int current = -1;               // the photo being read, opened, coloured or saved; -1 for none
  int image_serial = 0;           // the current photo's AppState::image_serial, once it is open
  int colorized_serial = 0;       // the result being encoded (a re-decode meanwhile restarts it)
  bool colour_requested = false;  // for the current photo (asked again once a model is ready)
  std::unique_ptr<ImageEncoder> encoder;
  int errors_before = 0;  // AppState::errors_reported when the current photo started
  double photo_started_ms = 0.0;
  double finished_photos_ms = 0.0;     // the time the finished photos took, summed
  int finished_photos = 0;             // done or failed, for the pace
  std::set<std::string> result_names;  // in the zip already: a name comes once
};

// Where something was last drawn, in CSS pixels from the canvas element's top left; zero width
// when it was not drawn.
struct ScreenRect {
  float left = 0.0f, top = 0.0f, width = 0.0f, height = 0.0f;
};

// An example photo of the page (site.json), opened with one click from the start screen.
struct Example {
  std::string name;  // its file name, as links name it
  std::vector<std::uint8_t> bytes;
  Image8 thumbnail;     // the gray input the network sees, sRGB8, longest side kThumbnailSide
  ScreenRect shown_at;  // its button on the start screen, for the scripting interface
};

// What a link (the page's URL hash) asked for that is not there yet: the model is selected once
// it is ready, the example opened once it has arrived, and then the example's hints (link text,
// tint/hint_links.hpp) set. Empty: nothing pending.
struct LinkRequest {
  std::string model;
  std::string example;
  std::optional<std::string> hints;  // for `hints_example`; an empty text clears its hints
  std::string hints_example;
};

// Editing the opened image's colour hints (hint_editing.hpp): the selected hint, the colours the
// user gave lately, and undo and redo as whole-list snapshots (a list holds at most kMaxHints
// small points).
struct HintEditor {
  int selected = -1;  // index into AppState::hints, -1 for none
  bool show_markers = true;
  std::vector<Rgb8> recent_colours;  // newest first
  std::vector<std::vector<ColourHint>> undo;
  std::vector<std::vector<ColourHint>> redo;
  // A hint is being dragged, last moved at moved_ms (now_ms()).
  bool dragging = false;
  double moved_ms = 0.0;
  // A hints file opened while its image was still being opened: set once the image is.
  std::optional<ImageFile> file_waiting_for_image;
};

// "Colour like...": a colour photo whose colours the opened image takes, as hints
// (tint/reference_hints.hpp) or, with a palette model, as its swatches. It stays for the next
// image opened, which takes its colours too.
struct ColourReference {
  std::string name;
  Image8 image;      // at most kReferenceSide on its longer side; empty when a hints file named it
  Image8 thumbnail;  // what the panel shows
  int serial = 0;    // increases with every new reference (the thumbnail's texture follows it)
  float strength = kDefaultReferenceStrength;
  std::vector<ColourHint> given;  // the hints it gave the image (those still unchanged are its)
  int image_serial = 0;           // the image it gave them to
  std::string outcome;            // what it gave, in a sentence for the panel
  double match_ms = 0.0;          // the last matching's time on the page's thread
};
// References are kept at this side: matching works at a few hundred pixels.
constexpr int kReferenceSide = 1024;

struct Message {
  bool is_error = false;
  std::string text;
  bool dismissed = false;  // errors show above the canvas until dismissed
};

// A network run in progress on the JavaScript side.
struct PendingRun {
  int run_id = 0;
  int session_id = 0;
  int image_serial = 0;
  int hints_serial = 0;
  double started_ms = 0.0;
  std::vector<float> output;  // filled by the JavaScript side when the run finishes
};

struct Timings {
  double inference_ms = 0.0;  // ORT session.run, as measured in JavaScript
  double decode_ms = 0.0;     // network output -> full-resolution sRGB image
  double total_ms = 0.0;      // colorize request -> image ready (input preparation included)
  int network_runs = 0;       // every finished ORT run since the page loaded
  int decodes = 0;            // every decode (after a run, a palette edit or a temperature change)
  int frames_drawn = 0;       // frames that changed the canvas (unchanged ones are not drawn)
};

// The network side for any-size models whose card names none: 128 keeps a half-million parameter
// U-Net within about 100 ms on two cores (bench/browser-results.md); colour varies slowly, so the
// full-resolution L carries the detail.
constexpr int kDefaultWorkingSide = 128;

struct AppState {
  std::optional<OpenedImage> image;
  int image_serial = 0;       // increases with every opened image
  std::string image_example;  // the example's name when the image is one, else empty
  // The user's colour hints on the opened image, in its pixel coordinates (tint/hints.hpp); none
  // is automatic colorization. They belong to the image: opening another one clears them. Models
  // that take no hints run without them.
  std::vector<ColourHint> hints;
  int hints_serial = 0;  // increases with every change: a run with older hints is stale
  HintEditor hint_editor;
  std::optional<ColourReference> reference;
  // "Colour like..." was clicked: the next photo dropped or pasted is the reference.
  bool reference_wanted = false;

  std::vector<Example> examples;                    // with their thumbnails, as shown
  std::vector<Example> examples_without_thumbnail;  // arrived, not yet decoded (examples.hpp)
  LinkRequest pending_link;
  bool republish_link = false;  // write the link into the address bar even if unchanged

  std::vector<ModelEntry> models;
  int models_downloading = 0;  // the page's bundled models not yet handed over
  int selected_model = -1;     // index into models; -1 while none is ready
  int next_session_id = 1;

  std::optional<Prediction> prediction;
  DecodeSettings decode;
  std::optional<Image8> colorized;  // the current result, at the image's full size
  int colorized_serial = 0;         // increases with every new result (textures follow it)

  // Longest side the network runs at for any-size models; larger images are scaled down for the
  // network and their colour upsampled onto the full-resolution L. Selecting a model sets it to
  // the side its card names (working_side), or to kDefaultWorkingSide when the card names none;
  // the user may change it afterwards.
  int working_side = kDefaultWorkingSide;
  bool auto_colorize = true;  // colorize as soon as an image or model is opened

  // Work that blocks the page (decoding an image file, starting a network run, decoding its
  // output) waits until a frame has shown the busy indicator for it: work_announced. On an image
  // of up to a million pixels it is short and done at once (app_actions.cpp); a larger image opens
  // a band of rows per frame.
  std::optional<ImageToOpen> image_to_open;
  Batch batch;
  bool colorize_requested = false;         // run the network once no run is in progress
  bool decode_requested = false;           // decode the cached output again
  std::unique_ptr<Composition> composing;  // a large image's decode under way
  // The colorized image the canvas shows (colorized_serial once its upload to WebGL is done,
  // which for a large image takes several frames); written by the canvas.
  int colorized_serial_shown = 0;
  bool work_announced = false;
  std::optional<PendingRun> pending_run;
  int next_run_id = 1;
  double run_started_ms = -1.0;  // >= 0 while the requested decode completes a run

  LayoutKind layout = LayoutKind::kDesktop;  // chosen every frame from the canvas' size
  Sheet sheet = Sheet::kNone;
  TouchGesture gesture;  // this frame's

  ViewMode view = ViewMode::kSplit;
  bool compare_with_original = false;  // before/after views show the original, not the gray input
  ViewTransform transform;
  float split = 0.5f;  // before/after split position, 0..1 of the image width

  Timings timings;
  // Where named controls were last drawn (the hint tools' colour fields, ...), for the scripting
  // interface; cleared every frame.
  std::map<std::string, ScreenRect> controls_shown_at;
  std::string runtime_description;  // ONNX Runtime's backend and thread count, from the page
  // Whether the network runs in ONNX Runtime's worker (web/ort_glue.js), or blocks the page's
  // thread while it runs.
  bool network_in_worker = false;
  std::vector<Message> messages;  // newest last; errors stay until dismissed
  int errors_reported = 0;        // every error message since the page loaded
};

}  // namespace tint::app
