// A libFuzzer-compatible driver for compilers without libFuzzer (GCC): replays seed files through
// LLVMFuzzerTestOneInput, then mutates them at random for a fixed time. It is not coverage
// guided; the sanitizer stage of CI uses it for a short smoke run of every target, and the
// clang build (scripts/fuzz) does the long coverage-guided runs.
//
//   fuzz_yaml_smoke [-seconds=N] [-seed=N] [-max_len=N] [-crash=FILE] SEED_FILE_OR_DIR...
//
// When a sanitizer kills the process, the input that was running is written to -crash=FILE
// (default ./fuzz-crash-input) so it can become a regression fixture.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// From the sanitizer runtime when it is linked in (weak: the driver also links without one).
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace {

namespace fs = std::filesystem;

std::string crash_path = "fuzz-crash-input";
const std::string* current = nullptr;

void WriteCurrentInput() {
  if (!current) return;
  if (FILE* f = std::fopen(crash_path.c_str(), "wb")) {
    std::fwrite(current->data(), 1, current->size(), f);
    std::fclose(f);
    std::fprintf(stderr, "smoke driver: the failing input is in %s (%zu bytes)\n", crash_path.c_str(),
                 current->size());
  }
}

void Run(const std::string& input) {
  current = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  current = nullptr;
}

void AddSeed(const fs::path& path, size_t max_len, std::vector<std::string>* seeds) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (s.size() > max_len) s.resize(max_len);
  seeds->push_back(std::move(s));
}

// Tokens that matter to our parsers: YAML structure, template actions, Dockerfile syntax.
constexpr std::string_view kTokens[] = {
    "\n",   "\n  ",  ": ",   "- ",   "[",     "]",    "{",        "}",        ",",      "'",
    "\"",   "\\",    "&a ",  "*a",   "<<: ",  "---\n", "|\n",     ">-\n",     "!!str ", "#",
    "{{",   "}}",    "{{-",  "-}}",  " | ",   "$x",    "(",        ")",        " . ",    "{{ end }}",
    "{{ range . }}", "{{ if . }}", "{{ include \"h\" . }}", "{{ toYaml . }}", "\\\n", "RUN ", "FROM ",
    "<<EOF\n", "EOF\n", "${A:-b}", "\t", "\r\n", "\xEF\xBB\xBF", "\xff", std::string_view("\0", 1),
};

std::string Mutate(const std::vector<std::string>& seeds, std::mt19937_64& rng, size_t max_len) {
  auto pick = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  std::string s = seeds.empty() ? std::string() : seeds[pick(seeds.size())];
  int edits = 1 + static_cast<int>(pick(8));
  for (int e = 0; e < edits; ++e) {
    size_t at = pick(s.size() + 1);
    switch (pick(7)) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << pick(8));
        break;
      case 1:  // random byte
        s.insert(at, 1, static_cast<char>(pick(256)));
        break;
      case 2:  // delete a range
        if (!s.empty()) s.erase(pick(s.size()), 1 + pick(16));
        break;
      case 3:  // insert a token
        s.insert(at, kTokens[pick(std::size(kTokens))]);
        break;
      case 4: {  // duplicate a range (nesting, repetition)
        if (s.empty()) break;
        size_t from = pick(s.size()), len = 1 + pick(std::min<size_t>(64, s.size() - from));
        std::string piece = s.substr(from, len);
        for (size_t k = 1 + pick(4); k > 0; --k) s.insert(at, piece);
        break;
      }
      case 5: {  // splice in part of another seed
        if (seeds.empty()) break;
        const std::string& other = seeds[pick(seeds.size())];
        size_t from = pick(other.size() + 1);
        s.insert(at, other.substr(from, pick(256)));
        break;
      }
      default:  // truncate
        s.resize(at);
        break;
    }
    if (s.size() > max_len) s.resize(max_len);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 10;
  uint64_t seed = 1;
  size_t max_len = 64 * 1024;
  std::vector<std::string> seeds;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.starts_with("-seconds=")) {
      seconds = std::atof(argv[i] + 9);
    } else if (a.starts_with("-seed=")) {
      seed = std::strtoull(argv[i] + 6, nullptr, 10);
    } else if (a.starts_with("-max_len=")) {
      max_len = std::strtoull(argv[i] + 9, nullptr, 10);
    } else if (a.starts_with("-crash=")) {
      crash_path = std::string(a.substr(7));
    } else if (a.starts_with("-")) {
      std::cerr << "smoke driver: unknown option " << a << "\n";
      return 2;
    } else {
      inputs.emplace_back(a);
    }
  }
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(WriteCurrentInput);
  for (const fs::path& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(in, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && it->file_size(ec) <= 4 * max_len) files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());  // the same run on every machine
      for (const auto& f : files) AddSeed(f, max_len, &seeds);
    } else if (fs::is_regular_file(in, ec)) {
      AddSeed(in, max_len, &seeds);
    } else {
      std::cerr << "smoke driver: no such seed file or directory: " << in.string() << "\n";
      return 2;
    }
  }
  for (const std::string& s : seeds) Run(s);
  std::mt19937_64 rng(seed);
  auto start = std::chrono::steady_clock::now();
  uint64_t runs = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    Run(Mutate(seeds, rng, max_len));
    ++runs;
  }
  std::cout << "smoke driver: " << seeds.size() << " seeds replayed, " << runs << " mutated inputs in " << seconds
            << " s, seed " << seed << ", no failure\n";
  return 0;
}
