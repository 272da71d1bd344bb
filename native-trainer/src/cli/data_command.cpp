#include "cli/data_command.hpp"

#include <cstdio>
#include <memory>

#include "data/cifar10.hpp"
#include "data/fetch.hpp"
#include "tint/error.hpp"

namespace tint::trainer {
namespace {

void check(const std::string& folder) {
  for (Cifar10Part part : {Cifar10Part::kTrain, Cifar10Part::kTest}) {
    const ImageSet set = read_cifar10(folder, part);
    std::vector<std::size_t> per_class(set.class_names.size(), 0);
    for (int label : set.labels) ++per_class[std::size_t(label)];
    std::printf("%s:", set.description.c_str());
    for (std::size_t c = 0; c < per_class.size(); ++c)
      std::printf(" %s %zu", set.class_names[c].c_str(), per_class[c]);
    std::printf("\n");
  }
}

}  // namespace

void add_data_command(CLI::App& app) {
  CLI::App* data = app.add_subcommand("data", "CIFAR-10: check the files, or download them");
  data->require_subcommand(1);

  auto folder = std::make_shared<std::string>(default_cifar10_dir());
  CLI::App* check_command =
      data->add_subcommand("check", "Read every CIFAR-10 batch, verify sizes and labels");
  check_command->add_option("folder", *folder, "cifar-10-batches-bin folder")
      ->capture_default_str();
  check_command->callback([folder] { check(*folder); });

  auto options = std::make_shared<FetchOptions>();
  options->destination = "data";
  CLI::App* fetch = data->add_subcommand(
      "fetch", "Download the official cifar-10-binary.tar.gz, check its md5 and extract it");
  fetch->add_option("-o,--out", options->destination, "Folder to download and extract into")
      ->capture_default_str();
  fetch->add_option("--url", options->url, "Archive URL")->capture_default_str();
  fetch->add_option("--md5", options->md5, "Expected md5 of the archive")->capture_default_str();
  fetch->add_option("--bytes", options->bytes, "Expected size of the archive (0: unchecked)")
      ->capture_default_str();
  fetch->add_option("--attempts", options->download.attempts, "Tries, each resuming the last")
      ->capture_default_str();
  fetch->callback([options] {
#ifdef TINT_WITHOUT_FETCH
    fail("data fetch",
         "this tint was built with -DTINT_FETCH=OFF (no libcurl, libarchive, "
         "OpenSSL); download " +
             options->url + " and extract it yourself");
#else
    std::printf("CIFAR-10 ready in %s\n", fetch_cifar10(*options).c_str());
#endif
  });
}

}  // namespace tint::trainer
