// Checked access to wast2json's JSON. RapidJSON asserts on type errors; these helpers throw
// std::runtime_error instead, so a surprising JSON file fails its command or file, never the
// process.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace wasmbind::spec::json {

// Reads and parses a whole JSON file. Throws on I/O or syntax errors.
rapidjson::Document load_file(const std::filesystem::path& path);

const rapidjson::Value& member(const rapidjson::Value& object, const char* name);
const rapidjson::Value* find(const rapidjson::Value& object, const char* name);  // or null
std::string string(const rapidjson::Value& value, std::string_view what);
std::string string_member(const rapidjson::Value& object, const char* name);
std::optional<std::string> optional_string_member(const rapidjson::Value& object, const char* name);
uint64_t uint_member(const rapidjson::Value& object, const char* name);
const rapidjson::Value& array_member(const rapidjson::Value& object, const char* name);

// Strict unsigned decimal ("0".."max"), as wast2json writes numbers. Throws otherwise.
uint64_t parse_decimal(std::string_view text, uint64_t max, std::string_view what);

}  // namespace wasmbind::spec::json
