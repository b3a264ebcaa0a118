// pnpm's hooks for this workspace.
module.exports = {
  hooks: {
    // `pnpm pack` and `pnpm publish` (so `changeset publish` too): a published manifest carries no
    // devDependencies. They are of no use to an installer, and they name private workspace packages
    // (`@tok/test-utils`) that exist on no registry.
    beforePacking(manifest) {
      delete manifest.devDependencies;
      return manifest;
    },
  },
};
