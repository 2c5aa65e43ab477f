//! Runs the shared transport conformance suite (`clerk_testing::conformance`) against
//! [`HyperTransport`](clerk_http_hyper::HyperTransport): one test per case.

clerk_testing::transport_conformance_tests!(clerk_http_hyper::HyperTransport::new());

mod without_pooling {
    //! The same suite with connection pooling disabled.
    clerk_testing::transport_conformance_tests!(
        clerk_http_hyper::HyperTransport::builder()
            .pool_max_idle_per_host(0)
            .build()
    );
}
