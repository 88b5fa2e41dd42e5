// `model fetch` against a local server laid out like the Hugging Face hub: the tree API, files
// under /resolve/, byte ranges; one transfer cut off halfway and resumed, one bad checksum.
#include "embed/model_fetch.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "embed/file_digest.h"
#include "test_support.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

class FakeHub {
 public:
  FakeHub() {
    server_.Get(R"(/api/models/acme/tiny/tree/main)",
                [this](const httplib::Request& req, httplib::Response& res) {
                  EXPECT_EQ(req.get_param_value("recursive"), "true");
                  res.set_content(listing_.dump(), "application/json");
                });
    server_.Get(R"(/acme/tiny/resolve/main/(.+))", [this](const httplib::Request& req,
                                                          httplib::Response& res) {
      std::string path = req.matches[1];
      {
        std::lock_guard lock(mutex_);
        ranges_.push_back(path + " " + req.get_header_value("Range"));
      }
      auto found = files_.find(path);
      if (found == files_.end()) {
        res.status = 404;
        return;
      }
      const std::string& body = found->second;
      if (cut_next_.exchange(false)) {
        // Announces the whole file, sends half, then drops the connection.
        res.set_content_provider(body.size(), "application/octet-stream",
                                 [&body](size_t offset, size_t, httplib::DataSink& sink) {
                                   if (offset >= body.size() / 2) return false;
                                   sink.write(body.data(), body.size() / 2);
                                   return true;
                                 });
        return;
      }
      res.set_content(body, "application/octet-stream");  // httplib answers a Range with 206
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeHub() {
    server_.stop();
    thread_.join();
  }

  void add_file(const std::string& path, const std::string& body, bool lfs,
                std::string sha256 = "") {
    files_[path] = body;
    nlohmann::json entry = {
        {"type", "file"}, {"oid", "0123abcd"}, {"size", lfs ? 134 : body.size()}, {"path", path}};
    if (lfs) {
      testing::TempDir dir;
      testing::write_file(dir / "f", body);
      entry["lfs"] = {{"oid", sha256.empty() ? *file_digest(dir / "f") : sha256},
                      {"size", body.size()},
                      {"pointerSize", 134}};
    }
    listing_.push_back(entry);
  }
  void cut_next_transfer() { cut_next_ = true; }
  std::vector<std::string> ranges() {
    std::lock_guard lock(mutex_);
    return ranges_;
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::map<std::string, std::string> files_;
  nlohmann::json listing_ = nlohmann::json::array();
  std::atomic<bool> cut_next_{false};
  std::mutex mutex_;
  std::vector<std::string> ranges_;
};

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  uint32_t x = 12345;
  for (char& c : out) c = static_cast<char>((x = x * 1664525u + 1013904223u) >> 24);
  return out;
}

class ModelFetchTest : public ::testing::Test {
 protected:
  Result<ModelFetchReport> fetch() {
    ModelFetchRequest request;
    request.name = "acme/tiny";
    request.base_url = hub_.base_url();
    request.target = dir_ / "model";
    return fetch_model(*http_, request, [](const std::string&) {});
  }
  FakeHub hub_;
  testing::TempDir dir_;
  std::unique_ptr<HttpClient> http_ = make_curl_client({});
  const std::string weights_ = random_bytes(300'000);
};

TEST_F(ModelFetchTest, DownloadsTheModelFilesAndSkipsTheRest) {
  hub_.add_file("config.json", R"({"model_type": "bert"})", false);
  hub_.add_file("1_Pooling/config.json", R"({"pooling_mode_mean_tokens": true})", false);
  hub_.add_file("model.safetensors", weights_, true);
  hub_.add_file("pytorch_model.bin", "not wanted", true);
  hub_.add_file("onnx/model.onnx", "not wanted", true);
  auto report = fetch();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->files, 3);
  EXPECT_EQ(report->downloaded, 3);
  EXPECT_EQ(testing::read_file(dir_ / "model" / "model.safetensors"), weights_);
  EXPECT_TRUE(fs::exists(dir_ / "model" / "1_Pooling" / "config.json"));
  EXPECT_FALSE(fs::exists(dir_ / "model" / "pytorch_model.bin"));
  // A second fetch finds everything complete and downloads nothing.
  auto again = fetch();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->downloaded, 0);
}

TEST_F(ModelFetchTest, AnInterruptedDownloadResumesWhereItStopped) {
  hub_.add_file("config.json", R"({"model_type": "bert"})", false);
  hub_.add_file("model.safetensors", weights_, true);
  hub_.cut_next_transfer();  // the first transfer (config.json, first in the listing) is cut
  auto first = fetch();
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error().message.find("run the command again to resume"), std::string::npos)
      << first.error().message;
  auto second = fetch();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->resumed, 1);
  EXPECT_EQ(testing::read_file(dir_ / "model" / "config.json"), R"({"model_type": "bert"})");
  EXPECT_EQ(testing::read_file(dir_ / "model" / "model.safetensors"), weights_);
  bool ranged = false;
  for (const auto& seen : hub_.ranges()) ranged |= seen.starts_with("config.json bytes=");
  EXPECT_TRUE(ranged) << "the second request for the cut file asks for the rest only";
}

TEST_F(ModelFetchTest, ALargeFileIsResumedByRangeAndItsChecksumVerified) {
  hub_.add_file("model.safetensors", weights_, true);
  hub_.cut_next_transfer();
  ASSERT_FALSE(fetch().ok());
  EXPECT_TRUE(fs::exists(dir_ / "model" / "model.safetensors.part"));
  auto second = fetch();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->resumed, 1);
  EXPECT_LT(second->bytes, weights_.size());  // only the missing half crossed the wire
  EXPECT_EQ(testing::read_file(dir_ / "model" / "model.safetensors"), weights_);
  EXPECT_EQ(hub_.ranges().back(), "model.safetensors bytes=150000-");
}

TEST_F(ModelFetchTest, ABadChecksumIsRejectedAndNothingIsKept) {
  hub_.add_file("model.safetensors", weights_, true, std::string(64, 'a'));
  auto report = fetch();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("SHA-256"), std::string::npos) << report.error().message;
  EXPECT_NE(report.error().message.find("model.safetensors"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "model" / "model.safetensors"));
  EXPECT_FALSE(fs::exists(dir_ / "model" / "model.safetensors.part"));
}

TEST_F(ModelFetchTest, AModelWithoutSafetensorsWeightsIsRefused) {
  hub_.add_file("config.json", "{}", false);
  hub_.add_file("pytorch_model.bin", weights_, true);
  auto report = fetch();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("no model.safetensors"), std::string::npos)
      << report.error().message;
}

TEST_F(ModelFetchTest, AnUnknownModelIsNamed) {
  ModelFetchRequest request;
  request.name = "acme/missing";
  request.base_url = hub_.base_url();
  request.target = dir_ / "model";
  auto report = fetch_model(*http_, request, [](const std::string&) {});
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("acme/missing"), std::string::npos)
      << report.error().message;
}

}  // namespace
}  // namespace paperboy
