import { expect } from '@open-wc/testing';
import { foldText, includesFolded } from './text.js';

describe('rules/text (L6, T5)', () => {
  const same: Array<[string, string]> = [
    ['Envío', 'envio'],
    ['ÁRBOL', 'arbol'],
    ['Núñez', 'nunez'],
    ['Zoë', 'zoe'],
    ['ПРИВЕТ', 'привет'],
    ['Cliente fiel', 'CLIENTE FIEL'],
    // Decomposed input (e + combining acute) folds like the precomposed letter.
    ['Jose\u0301', 'José'],
  ];
  for (const [a, b] of same) {
    it(`L6/T5: "${a}" and "${b}" fold to the same text`, () => {
      expect(foldText(a)).to.equal(foldText(b));
    });
  }

  it('L6: includesFolded ignores case and accents in both directions', () => {
    expect(includesFolded('Envío urgente', 'ENVIO')).to.equal(true);
    expect(includesFolded('envio urgente', 'Envío')).to.equal(true);
    expect(includesFolded('Pedido 10234', 'envio')).to.equal(false);
  });

  it('L6: an empty or blank needle matches everything; surrounding spaces of the needle are ignored', () => {
    expect(includesFolded('anything', '')).to.equal(true);
    expect(includesFolded('anything', '   ')).to.equal(true);
    expect(includesFolded('Envío urgente', '  urgente ')).to.equal(true);
  });
});
