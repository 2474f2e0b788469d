// Dockerfile rules, one sorted line each.
#include "register_util.h"

namespace policycheck::rules {

std::unique_ptr<Rule> NewLastUserRootRule();
std::unique_ptr<Rule> NewUserNotRequiredUidRule();
std::unique_ptr<Rule> NewSingleStageBuildToolingRule();
std::unique_ptr<Rule> NewImageLatestOrUntaggedRule();
std::unique_ptr<Rule> NewImageNotPinnedByDigestRule();
std::unique_ptr<Rule> NewUntrustedRegistryRule();
std::unique_ptr<Rule> NewAptGetMissingYesRule();
std::unique_ptr<Rule> NewAptGetInstallRecommendsRule();
std::unique_ptr<Rule> NewAptListsNotRemovedRule();
std::unique_ptr<Rule> NewPackageUpgradeRule();
std::unique_ptr<Rule> NewPackageUpdateAloneRule();
std::unique_ptr<Rule> NewApkAddWithoutNoCacheRule();
std::unique_ptr<Rule> NewPipWithoutNoCacheDirRule();
std::unique_ptr<Rule> NewUnpinnedPackageVersionRule();
std::unique_ptr<Rule> NewAddInsteadOfCopyRule();
std::unique_ptr<Rule> NewAddUrlWithoutChecksumRule();
std::unique_ptr<Rule> NewSecretInEnvOrArgRule();
std::unique_ptr<Rule> NewHardcodedCredentialRule();
std::unique_ptr<Rule> NewCopySecretFileRule();
std::unique_ptr<Rule> NewCurlPipeShellRule();
std::unique_ptr<Rule> NewSudoInRunRule();
std::unique_ptr<Rule> NewCdInRunRule();
std::unique_ptr<Rule> NewRelativeWorkdirRule();
std::unique_ptr<Rule> NewMultipleCmdOrEntrypointRule();
std::unique_ptr<Rule> NewShellFormCmdRule();
std::unique_ptr<Rule> NewInvalidExposePortRule();
std::unique_ptr<Rule> NewExposeSshPortRule();
std::unique_ptr<Rule> NewCopyFromInvalidStageRule();
std::unique_ptr<Rule> NewConstantPlatformRule();
std::unique_ptr<Rule> NewDuplicateStageNameRule();
std::unique_ptr<Rule> NewMaintainerDeprecatedRule();
std::unique_ptr<Rule> NewUnknownInstructionRule();
std::unique_ptr<Rule> NewMissingHealthcheckRule();
std::unique_ptr<Rule> NewShellcheckRule();

void RegisterDockerfileRules(RuleRegistry& registry) {
  AddRule(registry, NewLastUserRootRule());  // DKR001
  AddRule(registry, NewUserNotRequiredUidRule());  // DKR002
  AddRule(registry, NewSingleStageBuildToolingRule());  // DKR003
  AddRule(registry, NewImageLatestOrUntaggedRule());  // DKR004
  AddRule(registry, NewImageNotPinnedByDigestRule());  // DKR005
  AddRule(registry, NewUntrustedRegistryRule());  // DKR006
  AddRule(registry, NewAptGetMissingYesRule());  // DKR007
  AddRule(registry, NewAptGetInstallRecommendsRule());  // DKR008
  AddRule(registry, NewAptListsNotRemovedRule());  // DKR009
  AddRule(registry, NewPackageUpgradeRule());  // DKR010
  AddRule(registry, NewPackageUpdateAloneRule());  // DKR011
  AddRule(registry, NewApkAddWithoutNoCacheRule());  // DKR012
  AddRule(registry, NewPipWithoutNoCacheDirRule());  // DKR013
  AddRule(registry, NewUnpinnedPackageVersionRule());  // DKR014
  AddRule(registry, NewAddInsteadOfCopyRule());  // DKR015
  AddRule(registry, NewAddUrlWithoutChecksumRule());  // DKR016
  AddRule(registry, NewSecretInEnvOrArgRule());  // DKR017
  AddRule(registry, NewHardcodedCredentialRule());  // DKR018
  AddRule(registry, NewCopySecretFileRule());  // DKR019
  AddRule(registry, NewCurlPipeShellRule());  // DKR020
  AddRule(registry, NewSudoInRunRule());  // DKR021
  AddRule(registry, NewCdInRunRule());  // DKR022
  AddRule(registry, NewRelativeWorkdirRule());  // DKR023
  AddRule(registry, NewMultipleCmdOrEntrypointRule());  // DKR024
  AddRule(registry, NewShellFormCmdRule());  // DKR025
  AddRule(registry, NewInvalidExposePortRule());  // DKR026
  AddRule(registry, NewExposeSshPortRule());  // DKR027
  AddRule(registry, NewCopyFromInvalidStageRule());  // DKR028
  AddRule(registry, NewConstantPlatformRule());  // DKR029
  AddRule(registry, NewDuplicateStageNameRule());  // DKR030
  AddRule(registry, NewMaintainerDeprecatedRule());  // DKR031
  AddRule(registry, NewUnknownInstructionRule());  // DKR032
  AddRule(registry, NewMissingHealthcheckRule());  // DKR033
  AddRule(registry, NewShellcheckRule());  // DKR034
}

}  // namespace policycheck::rules
