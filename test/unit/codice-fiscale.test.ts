import assert from 'node:assert/strict';
import {
  codiceFiscaleProblem,
  computeCodiceFiscale,
  deomocodise,
  isValidCodiceFiscale,
  omocodicVariant,
} from '../../platform/identity/codice-fiscale.js';

describe('codice fiscale', () => {
  it('computes the code of a person (Agenzia delle Entrate example: Mario Rossi)', () => {
    // RSSMRA85T10A562S is the code the Agenzia's own calculator gives for these data.
    const cf = computeCodiceFiscale({
      familyName: 'Rossi',
      givenName: 'Mario',
      birthDate: '1985-12-10',
      sex: 'M',
      birthPlaceCode: 'A562',
    });
    assert.equal(cf, 'RSSMRA85T10A562S');
  });

  it('adds 40 to the day for women and handles short, accented and apostrophed names', () => {
    const cf = computeCodiceFiscale({
      familyName: "D'Angelo",
      givenName: 'Anna Maria',
      birthDate: '1952-11-02',
      sex: 'F',
      birthPlaceCode: 'G999',
    });
    assert.equal(cf.slice(0, 6), 'DNGNMR');
    assert.equal(cf.slice(9, 11), '42');
    assert.ok(isValidCodiceFiscale(cf));
    const fo = computeCodiceFiscale({
      familyName: 'Fo',
      givenName: 'Niccolò',
      birthDate: '1939-07-21',
      sex: 'M',
      birthPlaceCode: 'G713',
    });
    assert.equal(fo.slice(0, 6), 'FOXNCL');
  });

  it('accepts lower case and spaces, rejects a wrong check character', () => {
    assert.equal(codiceFiscaleProblem(' rssmra85t10a562s '), null);
    assert.equal(codiceFiscaleProblem('RSSMRA85T10A562T'), 'check-character');
    assert.equal(codiceFiscaleProblem('RSSMRA85T10A562'), 'length');
    assert.equal(codiceFiscaleProblem('RSSMRA85Z10A562S'), 'format');
    assert.equal(codiceFiscaleProblem('RSSMRA85T35A562S'.slice(0, 15) + 'X'), 'date');
  });

  it('accepts every omocodic variant and maps it back to the base code', () => {
    const base = 'RSSMRA85T10A562S';
    for (let level = 1; level <= 7; level++) {
      const variant = omocodicVariant(base, level);
      assert.notEqual(variant, base);
      assert.ok(isValidCodiceFiscale(variant), `${variant} (level ${level})`);
      assert.equal(deomocodise(variant), base);
    }
    // A known omocodic code of the same person: the last digit 2 becomes N.
    assert.equal(omocodicVariant(base, 1).slice(14, 15), 'N');
  });
});
