// load_components(): resources folders as Dapr's disk loader reads them.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.h"

namespace wasmbind::binding {
namespace {

using testing::TempDir;

Result<LoadedComponents> load(const TempDir& dir, std::string_view app_id = "") {
  std::vector<std::string> paths{dir.str()};
  return load_components(paths, app_id);
}

std::string component_yaml(const std::string& name, const std::string& extra_spec = "",
                           const std::string& tail = "") {
  return "apiVersion: dapr.io/v1alpha1\n"
         "kind: Component\n"
         "metadata:\n"
         "  name: " + name + "\n"
         "spec:\n"
         "  type: bindings.wasm\n"
         "  version: v1\n" + extra_spec +
         "  metadata:\n"
         "  - name: url\n"
         "    value: file://" + name + ".wasm\n" + tail;
}

std::vector<std::string> names(const LoadedComponents& loaded) {
  std::vector<std::string> out;
  for (const auto& c : loaded.components) out.push_back(c.name);
  return out;
}

TEST(Components, MultiDocumentFilesOtherKindsExtensionsAndSubfolders) {
  TempDir dir;
  // a.yaml: the binding plus an unrelated Configuration and a Resiliency document.
  dir.write("a.yaml", component_yaml("wasm") +
                          "---\n"
                          "apiVersion: dapr.io/v1alpha1\n"
                          "kind: Configuration\n"
                          "metadata:\n"
                          "  name: appconfig\n"
                          "spec:\n"
                          "  tracing:\n"
                          "    samplingRate: \"1\"\n"
                          "---\n"
                          "apiVersion: dapr.io/v1alpha1\n"
                          "kind: Resiliency\n"
                          "metadata:\n"
                          "  name: r\n");
  dir.write("b.yml", component_yaml("echo"));
  dir.write("C.YAML", component_yaml("upper"));
  dir.write("notes.txt", "not yaml");
  dir.write("sub/d.yaml", component_yaml("nested"));
  dir.write("other.yaml", "apiVersion: v1\nkind: Component\nmetadata:\n  name: k8s\n");
  auto loaded = load(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  // Files by name (bytewise: "C.YAML" < "a.yaml" < "b.yml"); no recursion into sub/.
  EXPECT_EQ(names(*loaded), (std::vector<std::string>{"upper", "wasm", "echo"}));
  EXPECT_FALSE(loaded->global_strict_sandbox);
  ASSERT_EQ(loaded->warnings.size(), 1u);
  EXPECT_NE(loaded->warnings[0].find("notes.txt"), std::string::npos);
  const ComponentSpec& wasm = loaded->components[1];
  EXPECT_EQ(wasm.type, "bindings.wasm");
  EXPECT_EQ(wasm.version, "v1");
  EXPECT_EQ(wasm.find_metadata("URL"), std::optional<std::string>("file://wasm.wasm"));
  EXPECT_EQ(wasm.source, dir.str() + "/a.yaml:1");
  EXPECT_EQ(loaded->components[2].source, dir.str() + "/b.yml:1");
}

TEST(Components, SpecFieldsAndScalarValues) {
  TempDir dir;
  dir.write("c.yaml",
            "# leading comment\n"
            "---\n"
            "apiVersion: dapr.io/v1alpha1\n"
            "kind: Component\n"
            "metadata:\n"
            "  name: wasm\n"
            "spec:\n"
            "  type: bindings.wasm\n"
            "  initTimeout: 1m30s\n"
            "  ignoreErrors: true\n"
            "  metadata:\n"
            "  - name: url\n"
            "    value: \"file://x.wasm\"\n"
            "  - name: strictSandbox\n"
            "    value: true\n"
            "  - name: maxMemoryPages\n"
            "    value: 16\n"
            "  - name: empty\n"
            "  - name: list\n"
            "    value: [a, b]\n");
  auto loaded = load(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->components.size(), 1u);
  const ComponentSpec& c = loaded->components[0];
  EXPECT_EQ(c.version, "");
  EXPECT_EQ(c.init_timeout, std::chrono::milliseconds(90'000));
  EXPECT_TRUE(c.ignore_errors);
  ASSERT_EQ(c.metadata.size(), 5u);
  EXPECT_EQ(c.metadata[1].value, "true");
  EXPECT_EQ(c.metadata[2].value, "16");
  EXPECT_EQ(c.metadata[3].value, "");
  EXPECT_EQ(c.metadata[4].value, "[a, b]");
  EXPECT_EQ(c.source, dir.str() + "/c.yaml:3");
}

TEST(Components, InitTimeoutDefaultsAndFallsBackWithAWarning) {
  TempDir dir;
  dir.write("a.yaml", component_yaml("plain"));
  dir.write("b.yaml", component_yaml("short", "  initTimeout: 500ms\n"));
  dir.write("c.yaml", component_yaml("typo", "  initTimeout: 5 seconds\n"));
  auto loaded = load(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->components.size(), 3u);
  EXPECT_EQ(loaded->components[0].init_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(loaded->components[1].init_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(loaded->components[2].init_timeout, std::chrono::milliseconds(5000));
  ASSERT_EQ(loaded->warnings.size(), 1u);
  EXPECT_NE(loaded->warnings[0].find("c.yaml:8"), std::string::npos) << loaded->warnings[0];
  EXPECT_NE(loaded->warnings[0].find("5 seconds"), std::string::npos);
}

TEST(Components, ScopesAgainstAppId) {
  TempDir dir;
  dir.write("a.yaml", component_yaml("mine", "", "scopes:\n- me\n- you\n"));
  dir.write("b.yaml", component_yaml("theirs", "", "scopes: [other]\n"));
  dir.write("c.yaml", component_yaml("everyone", "", "scopes: []\n"));
  auto loaded = load(dir, "me");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(names(*loaded), (std::vector<std::string>{"mine", "everyone"}));
  EXPECT_EQ(loaded->components[0].scopes, (std::vector<std::string>{"me", "you"}));
  auto without_id = load(dir, "");
  ASSERT_TRUE(without_id.ok());
  EXPECT_EQ(names(*without_id), (std::vector<std::string>{"everyone"}));
}

TEST(Components, DuplicateNamesAreRefusedWithBothPlaces) {
  TempDir dir;
  dir.write("a.yaml", "# first\n\n" + component_yaml("wasm"));
  dir.write("b.yml", component_yaml("wasm"));
  auto loaded = load(dir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "duplicate definition of Component name wasm (" + dir.str() +
                                        "/a.yaml:3 and " + dir.str() + "/b.yml:1)");
}

TEST(Components, DuplicatesAcrossFoldersAndScopedOutDuplicatesAreFine) {
  TempDir one, two;
  one.write("a.yaml", component_yaml("wasm"));
  two.write("a.yaml", component_yaml("wasm"));
  std::vector<std::string> paths{one.str(), two.str()};
  auto loaded = load_components(paths, "");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("duplicate definition of Component name wasm"), std::string::npos);

  TempDir three;
  three.write("a.yaml", component_yaml("wasm", "", "scopes: [a]\n"));
  three.write("b.yaml", component_yaml("wasm", "", "scopes: [b]\n"));
  auto scoped = load(three, "b");
  ASSERT_TRUE(scoped.ok()) << scoped.error().message;
  ASSERT_EQ(scoped->components.size(), 1u);
  EXPECT_EQ(scoped->components[0].source, three.str() + "/b.yaml:1");
}

TEST(Components, MalformedYamlNamesFileLineAndColumn) {
  TempDir dir;
  dir.write("bad.yaml",
            "apiVersion: dapr.io/v1alpha1\n"
            "kind: Component\n"
            "metadata:\n"
            "  name: [unclosed\n"
            "spec:\n");
  auto loaded = load(dir);
  ASSERT_FALSE(loaded.ok());
  const std::string& m = loaded.error().message;
  EXPECT_EQ(m.rfind(dir.str() + "/bad.yaml:", 0), 0u) << m;
  EXPECT_NE(m.find("malformed YAML"), std::string::npos) << m;
  // yaml-cpp reports where it noticed the flow sequence was not closed: line 5 (1-based).
  EXPECT_NE(m.find("bad.yaml:5:"), std::string::npos) << m;
}

TEST(Components, BadIndentationIsMalformed) {
  TempDir dir;
  dir.write("bad.yml", "a: b\n c: d\n");
  auto loaded = load(dir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("bad.yml:2:"), std::string::npos) << loaded.error().message;
}

TEST(Components, DocumentsWithoutNameOrTypeAreErrorsWithFileLine) {
  TempDir dir;
  dir.write("a.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Component\nspec:\n  type: bindings.wasm\n");
  auto no_name = load(dir);
  ASSERT_FALSE(no_name.ok());
  EXPECT_EQ(no_name.error().message, dir.str() + "/a.yaml:1: component has no metadata.name");

  TempDir dir2;
  dir2.write("b.yaml", component_yaml("ok") + "---\n\napiVersion: dapr.io/v1alpha1\nkind: Component\n"
                                               "metadata:\n  name: typeless\nspec:\n  version: v1\n");
  auto no_type = load(dir2);
  ASSERT_FALSE(no_type.ok());
  EXPECT_EQ(no_type.error().message, dir2.str() + "/b.yaml:13: component typeless has no spec.type");

  TempDir dir3;
  dir3.write("c.yaml", component_yaml("a/b"));
  auto bad_name = load(dir3);
  ASSERT_FALSE(bad_name.ok());
  EXPECT_NE(bad_name.error().message.find("invalid component name \"a/b\""), std::string::npos);
}

TEST(Components, GlobalStrictSandboxFromConfiguration) {
  TempDir dir;
  dir.write("config.yaml",
            "apiVersion: dapr.io/v1alpha1\n"
            "kind: Configuration\n"
            "metadata:\n"
            "  name: daprConfig\n"
            "spec:\n"
            "  wasm:\n"
            "    strictSandbox: true\n");
  auto loaded = load(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(loaded->global_strict_sandbox);
  EXPECT_TRUE(loaded->components.empty());

  TempDir off;
  off.write("config.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: c\n"
            "spec:\n  wasm:\n    strictSandbox: false\n");
  auto loaded_off = load(off);
  ASSERT_TRUE(loaded_off.ok());
  EXPECT_FALSE(loaded_off->global_strict_sandbox);
}

TEST(Components, EmptyFilesAndFoldersAndMissingFolder) {
  TempDir dir;
  dir.write("empty.yaml", "");
  dir.write("comments.yml", "# nothing\n---\n---\n");
  auto loaded = load(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(loaded->components.empty());
  EXPECT_TRUE(loaded->warnings.empty());

  std::vector<std::string> missing{dir.str() + "/nope"};
  auto gone = load_components(missing, "");
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.error().message.find("cannot read resources folder " + dir.str() + "/nope"),
            std::string::npos);
}

TEST(Components, EnvRefAndSecretKeyRef) {
  TempDir dir;
  ::setenv("WASMBIND_TEST_MODULE_URL", "file://from-env.wasm", 1);
  dir.write("a.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: wasm\n"
            "spec:\n  type: bindings.wasm\n  metadata:\n"
            "  - name: url\n    envRef: WASMBIND_TEST_MODULE_URL\n"
            "  - name: token\n    envRef: DAPR_API_TOKEN\n"
            "  - name: password\n    secretKeyRef:\n      name: s\n      key: k\n");
  auto loaded = load(dir);
  ::unsetenv("WASMBIND_TEST_MODULE_URL");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->components.size(), 1u);
  const ComponentSpec& c = loaded->components[0];
  EXPECT_EQ(c.find_metadata("url"), std::optional<std::string>("file://from-env.wasm"));
  EXPECT_FALSE(c.find_metadata("token"));
  EXPECT_FALSE(c.find_metadata("password"));
  EXPECT_EQ(loaded->warnings.size(), 2u);
}

TEST(Components, IsTruthyIsDaprs) {
  for (std::string_view yes : {"y", "yes", "true", "t", "on", "1", " TRUE ", "Yes", "ON\n"})
    EXPECT_TRUE(is_truthy(yes)) << yes;
  for (std::string_view no : {"", "0", "false", "no", "enabled", "tru", "2", "yes please"})
    EXPECT_FALSE(is_truthy(no)) << no;
}

}  // namespace
}  // namespace wasmbind::binding
