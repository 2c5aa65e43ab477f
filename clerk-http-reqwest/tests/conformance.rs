//! Runs the shared transport conformance suite (`clerk_testing::conformance`) against
//! [`ReqwestTransport`](clerk_http_reqwest::ReqwestTransport): one test per case.

clerk_testing::transport_conformance_tests!(clerk_http_reqwest::ReqwestTransport::new());

mod from_client {
    //! The same suite against a transport made from a plain `reqwest::Client` without
    //! redirect following, as a user would configure it.
    clerk_testing::transport_conformance_tests!(clerk_http_reqwest::ReqwestTransport::from(
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    ));
}
