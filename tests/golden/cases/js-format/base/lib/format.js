'use strict';

function formatName(first, last) {
  return first + ' ' + last;
}

module.exports = { formatName };
