//! Sine, cosine, powers and logarithms for the stage's geometry and the speed slider. In the
//! browser they are JavaScript's `Math` functions: Rust's own would add some 10 KB of tables
//! and argument reduction to the page (the logarithm alone, 0.3 KB gzipped). Elsewhere (the
//! native tests) they are Rust's.

/// The sine of `a` (radians).
pub fn sin(a: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return web_sys::js_sys::Math::sin(a);
    #[cfg(not(target_arch = "wasm32"))]
    return a.sin();
}

/// The cosine of `a` (radians).
pub fn cos(a: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return web_sys::js_sys::Math::cos(a);
    #[cfg(not(target_arch = "wasm32"))]
    return a.cos();
}

/// `base` to the power `exponent`.
pub fn pow(base: f64, exponent: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return web_sys::js_sys::Math::pow(base, exponent);
    #[cfg(not(target_arch = "wasm32"))]
    return base.powf(exponent);
}

/// The base-10 logarithm of `x`.
pub fn log10(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return web_sys::js_sys::Math::log10(x);
    #[cfg(not(target_arch = "wasm32"))]
    return x.log10();
}
