//! Every operation of `clerk-bapi.yml` has a client method, and every method's request conforms
//! to the spec.
//!
//! Each resource group lists its cases in its own module: an operation id and a call of the
//! client method that should perform it. The runner sends every call to a fake Clerk in
//! spec-mock mode (requests validated against the spec, answers synthesised from the spec's
//! response schemas), checks that the request reached exactly the named operation with no
//! violation, and that the method decoded the answer. A final test walks the spec and fails
//! naming every operation with no case, outside the short [`EXCLUDED`] list.

#![allow(deprecated)] // deprecated operations are covered too

mod prelude;

mod core_resources;
// Resource groups add their module here and to `all_cases` below.

use prelude::Case;

/// Operations deliberately left without a client method, with the reason.
pub(crate) const EXCLUDED: &[(&str, &str)] = &[];

/// Every case of every group.
pub(crate) fn all_cases() -> Vec<Case> {
    [core_resources::cases()].into_iter().flatten().collect()
}
