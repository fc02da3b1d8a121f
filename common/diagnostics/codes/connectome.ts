import { defineCodes, msg } from "../message.js";

/**
 * Diagnostic codes of the connectome area (compiler/connectome/: reading `connectome NAME =
 * csv("...") { ... }` edge lists and sign tables). Append only; never reuse a code.
 *
 * Every one of these points at the `.snn` text that caused it (the `csv("...")` string, a column
 * name, the `kinds`/`signs` block, a `select` pattern) and names the CSV file and line in its
 * notes as `path:line: ...`, so a terminal or editor can open the row.
 */
export const connectomeCodes = defineCodes({
  "connectome-file-not-found": {
    severity: "error",
    message: msg`Cannot read the ${"what"} file '${"path"}'`,
    description:
      "The CSV file of a connectome (or of its sign table) does not exist, cannot be read, or is not UTF-8 text (a binary or UTF-16 file; the note says which). Paths are relative to the .snn file.",
  },
  "connectome-missing-column": {
    severity: "error",
    message: msg`The ${"what"} file has no column '${"column"}'${"suggestion"}`,
    description:
      "A column named in the connectome block (pre, post, kind, count, or the sign table's key/value) is not in the CSV header; the note lists the header's columns.",
  },
  "connectome-malformed-row": {
    severity: "error",
    message: msg`Malformed row in '${"file"}' at line ${"line"}: ${"problem"}`,
    description:
      "A CSV row has the wrong number of fields, text after a closing quote, or an empty neuron name. The row is skipped.",
  },
  "connectome-unterminated-quote": {
    severity: "error",
    message: msg`Unterminated quoted field in '${"file"}' starting at line ${"line"}`,
    description:
      'A double quote opens a field that is never closed; the rest of the file cannot be read. Write a literal quote inside a quoted field as "".',
  },
  "connectome-bad-count": {
    severity: "error",
    message: msg`The count '${"value"}' in '${"file"}' at line ${"line"} is not a positive number`,
    description:
      "Each edge's count (the column named by count = ...) must be a finite number greater than 0. The row is skipped.",
  },
  "connectome-count-too-large": {
    severity: "error",
    message: msg`The count '${"value"}' in '${"file"}' at line ${"line"} is too large${"detail"}; counts are summed exactly up to 9007199254740991 (2^53 - 1)`,
    description:
      "A count cell, or the running sum of the counts of one pair's rows, passed 2^53 - 1: sums beyond it are no longer exact, and ever larger ones become infinite weights. Real counts (synapses or EM sections) are in the hundreds: is the count column the right one?",
  },
  "connectome-unknown-kind": {
    severity: "error",
    message: msg`Unknown connection kind '${"value"}' in '${"file"}' (${"rows"}); the known kinds are ${"known"}`,
    description:
      "A row's kind cell is in neither `kinds { chemical = [...] }` nor `electrical = [...]` (defaults: chemical, electrical). Add the value to one of the lists.",
  },
  "connectome-kind-overlap": {
    severity: "error",
    message: msg`The kind '${"value"}' is listed as both chemical and electrical`,
    description: "A value may appear in only one of the two lists of the `kinds` block.",
  },
  "connectome-undecided-transmitter": {
    severity: "error",
    message: msg`No sign for ${"count"} of the connectome's transmitters: ${"list"}`,
    description:
      'A presynaptic neuron\'s transmitter (from sign = from_csv(...)) is not mapped by `signs { ... }` (ACh = exc and GABA = inh are the defaults). Map each, e.g. `signs { Glu = inh; DA = exc; "5HT" = exc }` (quote names that are not identifiers), or narrow the connectome with select.',
  },
  "connectome-sign-key-missing": {
    severity: "error",
    message: msg`The sign table has no row for ${"neurons"}: ${"list"}`,
    description:
      "Every neuron that sends a chemical edge needs a row in the sign table (its key column) so its transmitter, and hence the edge's sign, is known.",
  },
  "connectome-sign-conflict": {
    severity: "error",
    message: msg`The sign table gives '${"key"}' two transmitters: '${"first"}' and '${"second"}'`,
    description:
      "A key may appear on several rows of the sign table (e.g. when the edge list itself is used) only with the same transmitter.",
  },
  "connectome-duplicate-sign": {
    severity: "error",
    message: msg`The transmitter '${"transmitter"}' is given two signs`,
    description:
      "`signs { ... }` maps one transmitter (compared case-insensitively) to both exc and inh.",
  },
  "connectome-signs-unused": {
    severity: "warning",
    message: msg`'signs' has no effect without a sign table (sign = from_csv(...))`,
    description:
      "Without a sign table the compiler cannot know a neuron's transmitter, so every chemical edge gets the block's receptor.",
  },
  "connectome-unused-sign": {
    severity: "warning",
    message: msg`No neuron in the sign table has the transmitter '${"transmitter"}'${"suggestion"}`,
    description:
      "A `signs` entry names a transmitter that does not occur in the sign table's value column (compared case-insensitively): most likely a misspelling.",
  },
  "connectome-select-no-match": {
    severity: "error",
    message: msg`The pattern '${"pattern"}' matches no neuron of the connectome${"suggestion"}`,
    description:
      "Each `select` pattern (an anchored, case-sensitive glob with * and ?) must match at least one neuron name of the CSV file.",
  },
  "connectome-autapse": {
    severity: "info",
    message: msg`Keeping ${"autapses"} (a neuron onto itself)`,
    description:
      "A chemical row whose pre and post are the same neuron becomes a self-connection; the notes list them.",
  },
  "connectome-gap-self": {
    severity: "warning",
    message: msg`Dropping ${"rows"} that couple a neuron to itself`,
    description:
      "A gap junction needs two different neurons; rows with equal pre and post carry no current and are ignored.",
  },
  "connectome-gap-asymmetric": {
    severity: "warning",
    message: msg`Merging ${"pairs"} whose two directions list different counts; the larger is used`,
    description:
      "Gap junctions are symmetric: an edge list that gives A-B and B-A different counts is merged into one pair with the larger count.",
  },
  "connectome-empty": {
    severity: "warning",
    message: msg`The connectome has no ${"what"}`,
    description: "No edge row survives reading and selection; the connectome adds nothing.",
  },
  "connectome-duplicate-column": {
    severity: "error",
    message: msg`The ${"what"} file has more than one column named '${"column"}'`,
    description:
      "A column the connectome block reads appears twice in the CSV header, so which one holds the data is ambiguous; the note gives their positions. Rename or remove one.",
  },
});
