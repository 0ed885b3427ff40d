package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyModels.Spec;
import dev.lexray.testing.TinyModels;
import dev.lexray.testing.TinyTransformers.Family;
import dev.lexray.testing.TinyTransformers.Options;
import dev.lexray.testing.TinyTransformers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The registry finds every supported family by its config name, and refuses others as the loaders always did. */
class ArchitecturesTest {
    private static final String WORD_LEVEL = "lstm, bilstm, gru, bigru, embedding-bag-mlp, cnn";
    private static final String HF_CLASSES = "BertForSequenceClassification, DistilBertForSequenceClassification,"
            + " RobertaForSequenceClassification, XLMRobertaForSequenceClassification,"
            + " ElectraForSequenceClassification, LlamaForSequenceClassification, MistralForSequenceClassification,"
            + " Qwen2ForSequenceClassification and GPT2ForSequenceClassification";

    @TempDir
    Path tmp;

    @Test
    void listsEverySupportedArchitecture() {
        assertThat(Architectures.all()).extracting(Architecture::name).containsExactly("lstm", "bilstm", "gru",
                "bigru", "embedding-bag-mlp", "cnn", "bert", "distilbert", "roberta", "xlm-roberta", "electra", "llama",
                "mistral", "qwen2", "gpt2");
        for (String name : List.of("lstm", "bilstm", "gru", "bigru", "embedding-bag-mlp", "cnn")) {
            assertThat(Architectures.wordLevel(name)).as(name).get().extracting(Architecture::name).isEqualTo(name);
            assertThat(Architectures.transformer(name)).as(name).isEmpty();
        }
        for (Family family : Family.values()) {
            TransformerArchitecture<?> arch = Architectures.transformer(family.modelType()).orElseThrow();
            assertThat(arch.className()).isEqualTo(family.architecture());
            assertThat(Architectures.wordLevel(family.modelType())).isEmpty();
        }
        assertThat(Architectures.transformer("xlm-roberta")).get().extracting(TransformerArchitecture::className)
                .isEqualTo("XLMRobertaForSequenceClassification");
        assertThat(Architectures.transformer("electra")).get().extracting(TransformerArchitecture::className)
                .isEqualTo("ElectraForSequenceClassification");
        assertThat(Architectures.wordLevelNames()).isEqualTo(WORD_LEVEL);
        assertThat(Architectures.transformerClassNames()).isEqualTo(HF_CLASSES);
        assertThat(ModelLoader.RECURRENT).containsExactlyInAnyOrder("lstm", "bilstm", "gru", "bigru");
    }

    @Test
    void anUnknownWordLevelArchitectureFailsAsBefore() {
        Spec s = TinyModels.bagMlpSpec();
        s.config.put("architecture", "transformer");
        Path dir = s.write(tmp.resolve("m"));
        assertThatThrownBy(() -> ModelLoader.load(dir).close()).isExactlyInstanceOf(LexrayException.class)
                .hasMessage(dir.resolve("config.json") + ": unknown architecture \"transformer\"; supported: "
                        + WORD_LEVEL);
        s.config.remove("architecture");
        Path none = s.write(tmp.resolve("none"));
        assertThatThrownBy(() -> ModelLoader.load(none).close()).isExactlyInstanceOf(LexrayException.class)
                .hasMessage(none.resolve("config.json") + " has no \"architecture\"; use one of " + WORD_LEVEL);
    }

    @Test
    void anUnknownModelTypeFailsAsBefore() {
        ObjectNode config = TinyTransformers.config(Family.BERT, Options.defaults());
        config.put("model_type", "deberta-v2");
        config.putArray("architectures").add("DebertaV2ForSequenceClassification");
        assertThatThrownBy(() -> TransformerLoader.layersFor(config, new LinkedHashMap<>()))
                .isExactlyInstanceOf(LexrayException.class)
                .hasMessage("config.json: model_type \"deberta-v2\" (DebertaV2ForSequenceClassification) is not"
                        + " supported; Lexray loads " + HF_CLASSES);
    }

    @Test
    void wordLevelLayersDeclareEveryTensorOnce() {
        assertDeclareEveryTensorOnce(TinyModels.bagMlpSpec().write(tmp.resolve("bag")));
        assertDeclareEveryTensorOnce(TinyModels.bilstmSpec().write(tmp.resolve("bilstm")));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void transformerLayersDeclareEveryTensorOnce(Family family) {
        assertDeclareEveryTensorOnce(TinyTransformers.write(tmp, family));
    }

    @Test
    void electraReferenceDeclaresEveryTensorOnce() {
        assertDeclareEveryTensorOnce(SharedData.require("reference/electra-sst2-tiny"));
    }

    /** A fresh layout (training) is the one the loader builds from the files. */
    @ParameterizedTest
    @EnumSource(Family.class)
    void aFreshLayoutMatchesTheLoadedOne(Family family) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        List<Layer> fresh = TransformerLoader.layersFor(TinyTransformers.config(family, Options.defaults()),
                expected);
        try (SequentialClassifier loaded = ModelLoader.load(TinyTransformers.write(tmp, family))) {
            assertThat(fresh).isEqualTo(loaded.layers());
            assertThat(expected.keySet()).isEqualTo(loaded.parameters().names());
        }
    }

    private static void assertDeclareEveryTensorOnce(Path dir) {
        try (SequentialClassifier model = ModelLoader.load(dir)) {
            List<String> declared = new ArrayList<>();
            model.layers().forEach(layer -> declared.addAll(layer.parameterNames()));
            assertThat(declared).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                    model.parameters().names());
            assertThat(model.weightedLayers()).isEqualTo(model.layers().stream()
                    .filter(l -> !(l instanceof TimePooling)).map(Layer::name).toList());
        }
    }
}
