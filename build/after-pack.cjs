/* global exports, console -- CommonJS module, as electron-builder loads hooks */
// electron-builder afterPack hook: flips Electron's fuses in the packaged binary, so the
// shipped app cannot be turned into a general Node runtime or fed code from outside its asar.
//   RunAsNode off                          ELECTRON_RUN_AS_NODE cannot make it run any script
//   EnableNodeOptionsEnvironmentVariable   NODE_OPTIONS (--require ...) is ignored
//   EnableNodeCliInspectArguments off      --inspect cannot attach a debugger
//   OnlyLoadAppFromAsar on                 code loads from app.asar only
//   EnableCookieEncryption on              cookies are encrypted at rest with an OS key
//   EnableEmbeddedAsarIntegrityValidation  app.asar is checked against the hash in the
//                                          binary (macOS and Windows: the platforms Electron
//                                          supports it on)
//   GrantFileProtocolExtraPrivileges off   file:// pages get no extra powers (none are used)

/** Platforms where Electron validates the asar's embedded integrity hash. */
const ASAR_INTEGRITY_PLATFORMS = new Set(['darwin', 'mas', 'win32']);

/** The fuse settings for one platform (`electronPlatformName`), as @electron/fuses wants them. */
function fuseConfigFor(platform, fuses) {
  const { FuseVersion, FuseV1Options } = fuses;
  return {
    version: FuseVersion.V1,
    // Flipping fuses changes the binary: arm64 macOS refuses to run it without a new ad-hoc
    // signature until the real signing step.
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ASAR_INTEGRITY_PLATFORMS.has(platform),
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** The packaged Electron executable inside `appOutDir`. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return `${appOutDir}/${name}.app`;
    case 'win32':
      return `${appOutDir}/${name}.exe`;
    default:
      return `${appOutDir}/${packager.executableName}`;
  }
}

async function afterPack(context) {
  const fuses = await import('@electron/fuses');
  const target = executablePath(context);
  await fuses.flipFuses(target, fuseConfigFor(context.electronPlatformName, fuses));
  console.log(`  • fuses flipped  file=${target}`);
}

exports.default = afterPack;
exports.fuseConfigFor = fuseConfigFor;
exports.executablePath = executablePath;
