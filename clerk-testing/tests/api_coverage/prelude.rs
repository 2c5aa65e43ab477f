//! What every case module needs: the [`Case`] type and the [`case!`] macro.

use std::future::Future;
use std::pin::Pin;

pub(crate) use clerk_core::Clerk;

/// The future a case's call returns.
pub(crate) type CallFuture = Pin<Box<dyn Future<Output = clerk_core::Result<()>> + Send>>;

/// One operation id and a call of the client method that performs it.
pub(crate) struct Case {
    /// The spec's `operationId`.
    pub(crate) operation_id: &'static str,
    /// Calls the method on a client pointed at the spec-mock fake.
    pub(crate) call: Box<dyn Fn(Clerk) -> CallFuture + Send + Sync>,
}

/// `case!("OperationId", |clerk| clerk.users().get("user_1"))`: the expression is awaited and its
/// output dropped; an error fails the case.
macro_rules! case {
    ($op:literal, |$clerk:ident| $call:expr) => {
        $crate::prelude::Case {
            operation_id: $op,
            call: Box::new(|$clerk: $crate::prelude::Clerk| {
                Box::pin(async move {
                    let _ = $call.await?;
                    Ok(())
                })
            }),
        }
    };
}
pub(crate) use case;
