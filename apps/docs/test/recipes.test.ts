import { buildTokenRequest, clientCredentials } from '@tok/core';
import { describe, expect, it } from 'vitest';
import { equivalentCode, PLACEHOLDER_CREDENTIALS, recipeCode, recipes } from '../.vitepress/theme/lib/recipes';

// The provider recipes page shows each recipe next to "the same grant" written with
// clientCredentials. Both must produce the same token request, byte for byte.
describe('provider recipes page', () => {
  for (const [name, recipe] of Object.entries(recipes)) {
    it(`${name}: the clientCredentials configuration sends what the recipe sends`, () => {
      const fromRecipe = recipe.grant(PLACEHOLDER_CREDENTIALS);
      const spelledOut = clientCredentials({ ...recipe.equivalent, ...PLACEHOLDER_CREDENTIALS });
      expect(buildTokenRequest(spelledOut)).toEqual(buildTokenRequest(fromRecipe));
      expect(spelledOut.defaultLifetimeMs).toBe(fromRecipe.defaultLifetimeMs);
    });

    it(`${name}: the code shown reads the credentials from the environment`, () => {
      for (const code of [recipeCode(recipe), equivalentCode(recipe)]) {
        expect(code).toContain(`process.env.${recipe.env}_CLIENT_SECRET`);
        expect(code).not.toContain('YOUR_CLIENT_SECRET');
      }
      expect(recipeCode(recipe)).toContain(`${recipe.fn}({`);
    });
  }
});
