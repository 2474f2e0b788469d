// Hashes, random values, UUIDs and generated certificates. Random output comes
// from the renderer's seeded generator, so --seed makes runs reproducible.
#include <zlib.h>

#include <array>
#include <cstring>

#include "funcs.h"

namespace policycheck::helm {

std::string Base64Encode(std::string_view s);

namespace {

using P = ParamType;
using Args = std::span<const Value>;

uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
uint32_t Rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

std::string Hex(const uint8_t* d, size_t n) {
  static const char* k = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s.push_back(k[d[i] >> 4]);
    s.push_back(k[d[i] & 15]);
  }
  return s;
}

std::string Pad(std::string_view msg) {
  std::string m(msg);
  uint64_t bits = static_cast<uint64_t>(msg.size()) * 8;
  m.push_back(static_cast<char>(0x80));
  while (m.size() % 64 != 56) m.push_back(0);
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>((bits >> (i * 8)) & 0xFF));
  return m;
}

}  // namespace

std::string Sha256Hex(std::string_view msg) {
  static const uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string m = Pad(msg);
  for (size_t off = 0; off < m.size(); off += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(m.data() + off + i * 4);
      w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    }
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t s1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + s1 + ch + k[i] + w[i];
      uint32_t s0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
      uint32_t mj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = s0 + mj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  uint8_t out[32];
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) out[i * 4 + j] = static_cast<uint8_t>(h[i] >> (24 - j * 8));
  return Hex(out, 32);
}

std::string Sha1Hex(std::string_view msg) {
  uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string m = Pad(msg);
  for (size_t off = 0; off < m.size(); off += 64) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(m.data() + off + i * 4);
      w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    }
    for (int i = 16; i < 80; ++i) w[i] = Rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
      else { f = b ^ c ^ d; k = 0xCA62C1D6; }
      uint32_t t = Rotl(a, 5) + f + e + k + w[i];
      e = d; d = c; c = Rotl(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  uint8_t out[20];
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) out[i * 4 + j] = static_cast<uint8_t>(h[i] >> (24 - j * 8));
  return Hex(out, 20);
}

namespace {

std::string RandomFrom(FuncContext& c, int64_t n, std::string_view alphabet) {
  if (n < 0) n = 0;
  c.CheckSize(n);
  std::string s;
  s.reserve(n);
  std::uniform_int_distribution<size_t> d(0, alphabet.size() - 1);
  for (int64_t i = 0; i < n; ++i) s.push_back(alphabet[d(c.Rng())]);
  return s;
}

std::string Uuid(FuncContext& c) {
  uint8_t b[16];
  for (auto& x : b) x = static_cast<uint8_t>(c.Rng()() & 0xFF);
  b[6] = (b[6] & 0x0F) | 0x40;
  b[8] = (b[8] & 0x3F) | 0x80;
  std::string h = Hex(b, 16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string Pem(FuncContext& c, const std::string& type, int bytes) {
  std::string raw;
  for (int i = 0; i < bytes; ++i) raw.push_back(static_cast<char>(c.Rng()() & 0xFF));
  std::string b64 = Base64Encode(raw);
  std::string out = "-----BEGIN " + type + "-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  out += "-----END " + type + "-----\n";
  return out;
}

// A generated certificate: .Cert and .Key as PEM text.
class CertObject : public Object {
 public:
  CertObject(std::string cert, std::string key) : cert_(std::move(cert)), key_(std::move(key)) {}
  std::string TypeName() const override { return "sprig.certificate"; }
  bool Invoke(std::string_view name, std::span<const Value>, Value* out, std::string*) const override {
    if (name == "Cert") *out = Value(cert_);
    else if (name == "Key") *out = Value(key_);
    else return false;
    return true;
  }

 private:
  std::string cert_, key_;
};

Value MakeCert(FuncContext& c) {
  return Value(std::shared_ptr<const Object>(
      std::make_shared<CertObject>(Pem(c, "CERTIFICATE", 800), Pem(c, "RSA PRIVATE KEY", 1190))));
}

}  // namespace

void RegisterCryptoFuncs(FuncRegistry& r) {
  r.Add({"sha256sum", {P::kString}, false, [](FuncContext&, Args a) { return Value(Sha256Hex(a[0].AsString())); }});
  r.Add({"sha1sum", {P::kString}, false, [](FuncContext&, Args a) { return Value(Sha1Hex(a[0].AsString())); }});
  r.Add({"adler32sum", {P::kString}, false, [](FuncContext&, Args a) {
           const std::string& s = a[0].AsString();
           uLong v = adler32(adler32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size()));
           return Value(std::to_string(v));
         }});
  static const char kAlpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static const char kNum[] = "0123456789";
  r.Add({"randAlphaNum", {P::kInt}, false, [](FuncContext& c, Args a) { return Value(RandomFrom(c, a[0].AsInt(), kAlnum)); }});
  r.Add({"randAlpha", {P::kInt}, false, [](FuncContext& c, Args a) { return Value(RandomFrom(c, a[0].AsInt(), kAlpha)); }});
  r.Add({"randNumeric", {P::kInt}, false, [](FuncContext& c, Args a) { return Value(RandomFrom(c, a[0].AsInt(), kNum)); }});
  r.Add({"randAscii", {P::kInt}, false, [](FuncContext& c, Args a) {
           std::string alphabet;
           for (char ch = 32; ch < 127; ++ch) alphabet.push_back(ch);
           return Value(RandomFrom(c, a[0].AsInt(), alphabet));
         }});
  r.Add({"randInt", {P::kInt, P::kInt}, false, [](FuncContext& c, Args a) {
           int64_t lo = a[0].AsInt(), hi = a[1].AsInt();
           if (hi <= lo) Throw("invalid argument to Intn");
           std::uniform_int_distribution<int64_t> d(lo, hi - 1);
           return Value::Int(d(c.Rng()));
         }});
  r.Add({"randBytes", {P::kInt}, false, [](FuncContext& c, Args a) {
           std::string raw;
           for (int64_t i = 0; i < a[0].AsInt(); ++i) raw.push_back(static_cast<char>(c.Rng()() & 0xFF));
           return Value(Base64Encode(raw));
         }});
  r.Add({"uuidv4", {}, false, [](FuncContext& c, Args) { return Value(Uuid(c)); }});
  r.Add({"shuffle", {P::kString}, false, [](FuncContext& c, Args a) {
           std::string s = a[0].AsString();
           std::shuffle(s.begin(), s.end(), c.Rng());
           return Value(s);
         }});
  r.Add({"derivePassword", {P::kInt, P::kString, P::kString, P::kString, P::kString}, false,
         [](FuncContext&, Args a) {
           // Deterministic, well-formed stand-in for the Master Password algorithm.
           std::string h = Sha256Hex(std::to_string(a[0].AsInt()) + a[1].AsString() + a[2].AsString() +
                                     a[3].AsString() + a[4].AsString());
           return Value(h.substr(0, 20));
         }});
  r.Add({"genPrivateKey", {P::kString}, false, [](FuncContext& c, Args a) {
           std::string t = a[0].AsString();
           std::string type = t == "ecdsa" ? "EC PRIVATE KEY" : t == "ed25519" ? "PRIVATE KEY" : "RSA PRIVATE KEY";
           return Value(Pem(c, type, t == "rsa" || t.empty() ? 1190 : 121));
         }});
  r.Add({"genCA", {P::kString, P::kInt}, false, [](FuncContext& c, Args) { return MakeCert(c); }});
  r.Add({"genCAWithKey", {P::kString, P::kInt, P::kString}, false, [](FuncContext& c, Args) { return MakeCert(c); }});
  r.Add({"genSelfSignedCert", {P::kString, P::kAny, P::kAny, P::kInt}, false,
         [](FuncContext& c, Args) { return MakeCert(c); }});
  r.Add({"genSelfSignedCertWithKey", {P::kString, P::kAny, P::kAny, P::kInt, P::kString}, false,
         [](FuncContext& c, Args) { return MakeCert(c); }});
  r.Add({"genSignedCert", {P::kString, P::kAny, P::kAny, P::kInt, P::kAny}, false,
         [](FuncContext& c, Args) { return MakeCert(c); }});
  r.Add({"genSignedCertWithKey", {P::kString, P::kAny, P::kAny, P::kInt, P::kAny, P::kString}, false,
         [](FuncContext& c, Args) { return MakeCert(c); }});
  r.Add({"htpasswd", {P::kString, P::kString}, false, [](FuncContext& c, Args a) {
           return Value(a[0].AsString() + ":$2a$10$" + RandomFrom(c, 53, kAlnum));
         }});
  r.Add({"encryptAES", {P::kString, P::kString}, false, [](FuncContext& c, Args a) {
           std::string raw;
           for (size_t i = 0; i < 16 + a[1].AsString().size(); ++i) raw.push_back(static_cast<char>(c.Rng()() & 0xFF));
           return Value(Base64Encode(raw));
         }});
  // Time: fixed to the seeded epoch so output is reproducible.
  r.Add({"now", {}, false, [](FuncContext&, Args) { return Value("2024-01-01 00:00:00 +0000 UTC"); }});
  r.Add({"unixEpoch", {P::kAny}, false, [](FuncContext&, Args) { return Value("1704067200"); }});
  r.Add({"date", {P::kString, P::kAny}, false, [](FuncContext&, Args) { return Value("2024-01-01"); }});
  r.Add({"dateInZone", {P::kString, P::kAny, P::kString}, false, [](FuncContext&, Args) { return Value("2024-01-01"); }});
  r.Add({"htmlDate", {P::kAny}, false, [](FuncContext&, Args) { return Value("2024-01-01"); }});
  r.Add({"ago", {P::kAny}, false, [](FuncContext&, Args) { return Value("0s"); }});
}

}  // namespace policycheck::helm
