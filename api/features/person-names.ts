/** Name parts from a display name such as "Dott.ssa Anna Maria Del Chiaro". */
export function splitDisplayName(display: string): {
  given: string;
  family: string;
  prefix?: string;
} {
  const tokens = display.trim().split(/\s+/);
  let prefix: string | undefined;
  if (tokens[0] && /^(dott\.?|dott\.ssa|dr\.?|prof\.?|prof\.ssa|inf\.?)$/i.test(tokens[0])) {
    prefix = tokens.shift();
  }
  if (tokens.length < 2)
    return {
      given: tokens[0] ?? display,
      family: tokens[0] ?? display,
      ...(prefix ? { prefix } : {}),
    };
  // Italian surname particles belong to the family name: "Del Chiaro", "De Luca", "Di Stefano".
  let cut = tokens.length - 1;
  while (
    cut > 1 &&
    /^(de|del|della|dei|degli|di|da|dal|dalla|la|lo|li|van|von)$/i.test(tokens[cut - 1]!)
  )
    cut--;
  return {
    given: tokens.slice(0, cut).join(' '),
    family: tokens.slice(cut).join(' '),
    ...(prefix ? { prefix } : {}),
  };
}
