// A JNI library that lets the Java tests run CudaBackend on the CPU: memory is host memory (calloc), and a
// launch runs the named kernel from src/main/cuda through shim.h. Each argument arrives as a 64-bit slot
// (pointer address, int, or float bits) and is converted to the type the kernel's C signature declares,
// so an argument passed in the wrong place by the Java side shows up as a wrong result.
// Built by EmulatedGpu (tests) with: g++ -std=c++20 -O1 -pthread -shared -fPIC -I$JAVA_HOME/include{,/linux}
#include <jni.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <type_traits>
#include <utility>

#include "shim.h"
#include "../../../src/main/cuda/elementwise.cu"
#include "../../../src/main/cuda/reduce.cu"
#include "../../../src/main/cuda/gemm.cu"
#include "../../../src/main/cuda/cells.cu"
#include "../../../src/main/cuda/embed.cu"
#include "../../../src/main/cuda/losses.cu"
#include "../../../src/main/cuda/optim.cu"

template <class T>
static T unpack(uint64_t v) {
    if constexpr (std::is_pointer_v<T>) {
        return reinterpret_cast<T>(v);
    } else if constexpr (std::is_same_v<T, float>) {
        uint32_t bits = (uint32_t) v;
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
    } else {
        return (T) v;
    }
}

template <class... A, size_t... I>
static void call(void (*k)(A...), dim3 g, dim3 b, const uint64_t* a, std::index_sequence<I...>) {
    launch(k, g, b, unpack<A>(a[I])...);
}

template <class... A>
static void call(void (*k)(A...), dim3 g, dim3 b, const uint64_t* a, size_t count, const std::string& name) {
    if (count != sizeof...(A)) {
        std::fprintf(stderr, "%s takes %zu arguments, got %zu\n", name.c_str(), sizeof...(A), count);
        std::abort();
    }
    call(k, g, b, a, std::index_sequence_for<A...>{});
}

using Launcher = void (*)(dim3, dim3, const uint64_t*, size_t);
#define K(name) {#name, [](dim3 g, dim3 b, const uint64_t* a, size_t n) { call(name, g, b, a, n, #name); }}

static const std::map<std::string, Launcher> kernels = {
    K(fill_f32), K(copy_f32), K(axpy_f32), K(scale_f32), K(mul_f32), K(clamp_f32), K(add_row_vector_f32),
    K(sum_rows_f32), K(concat_cols_f32), K(split_cols_f32), K(activation_f32), K(activation_backward_f32),
    K(reduce_partials_f32), K(reduce_sum_f64), K(gemm_f32), K(transpose_f32), K(lstm_forward), K(lstm_backward),
    K(gru_forward), K(gru_backward), K(gather_f32), K(scatter_add_f32), K(one_hot_f32), K(softmax_xent_f32),
    K(mse_f32), K(bce_logits_f32), K(layernorm_f32), K(layernorm_backward_dx_f32), K(layernorm_backward_params_f32),
    K(sgd_f32), K(adam_f32), K(rmsprop_f32), K(dropout_mask_f32),
};

extern "C" {

JNIEXPORT jlong JNICALL Java_org_seqlab_backend_cuda_EmulatedGpu_nAlloc(JNIEnv*, jclass, jlong bytes) {
    return (jlong) std::calloc((size_t) bytes + 16, 1);  // a little slack: a zero-byte buffer still has an address
}

JNIEXPORT void JNICALL Java_org_seqlab_backend_cuda_EmulatedGpu_nZero(JNIEnv*, jclass, jlong at, jlong words) {
    std::memset((void*) at, 0, (size_t) words * 4);
}

JNIEXPORT void JNICALL Java_org_seqlab_backend_cuda_EmulatedGpu_nToHost(JNIEnv* env, jclass, jlong at, jfloatArray dst, jint n) {
    env->SetFloatArrayRegion(dst, 0, n, (const jfloat*) at);
}

JNIEXPORT void JNICALL Java_org_seqlab_backend_cuda_EmulatedGpu_nFromHostFloats(JNIEnv* env, jclass, jfloatArray src, jint n, jlong at) {
    env->GetFloatArrayRegion(src, 0, n, (jfloat*) at);
}

JNIEXPORT void JNICALL Java_org_seqlab_backend_cuda_EmulatedGpu_nFromHostInts(JNIEnv* env, jclass, jintArray src, jint n, jlong at) {
    env->GetIntArrayRegion(src, 0, n, (jint*) at);
}

JNIEXPORT jdouble JNICALL Java_org_seqlab_backend_cuda_EmulatedGpu_nReadDouble(JNIEnv*, jclass, jlong at) {
    return *(const double*) at;
}

/** Returns 0, or 1 when the kernel is unknown. */
JNIEXPORT jint JNICALL Java_org_seqlab_backend_cuda_EmulatedGpu_nLaunch(JNIEnv* env, jclass, jstring entry, jint gx, jint gy,
                                                                     jint bx, jint by, jlongArray slots) {
    const char* chars = env->GetStringUTFChars(entry, nullptr);
    std::string name(chars);
    env->ReleaseStringUTFChars(entry, chars);
    auto it = kernels.find(name);
    if (it == kernels.end()) return 1;
    jsize n = env->GetArrayLength(slots);
    std::vector<uint64_t> a(n);
    env->GetLongArrayRegion(slots, 0, n, (jlong*) a.data());
    it->second(dim3{(unsigned) gx, (unsigned) gy, 1}, dim3{(unsigned) bx, (unsigned) by, 1}, a.data(), (size_t) n);
    return 0;
}
}
