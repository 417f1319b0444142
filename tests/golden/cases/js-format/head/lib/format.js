'use strict';

/**
 * The display name of a person, padded to WIDTH characters.
 */
function formatName(first, last, width) {
  const name = first + ' ' + last;
  return pad(name, width);
}

function pad(text, width) {
  return text.padEnd(width);
}

module.exports = { formatName };
