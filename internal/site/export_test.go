package site

// VerifyCached is verifyCached, for the tests of package site_test, which
// build the repository's own site.
var VerifyCached = &verifyCached
